namespace Migration.Analysis.Tests;

public sealed class WarmupTests
{
    [Fact]
    public void Compile_EveryMethodAndContractItNames_Succeeds()
    {
        // Start() swallows failures (the warm-up is only a head start), so a method that can no longer be
        // prepared as written, such as a new generic instantiation, would silently stop warming anything.
        var exception = Record.Exception(Warmup.Compile);

        Assert.Null(exception);
    }
}
