using Shop.Walkthrough;

return await WalkthroughCommand.Create().Parse(args).InvokeAsync();
