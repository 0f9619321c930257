namespace Shop.BuildingBlocks.Modules.Facades;

/// <summary>A facade a module offers other modules: its contract interface and this process's implementation of it.</summary>
public sealed record ModuleFacade(string Module, Type Contract, Type Implementation);
