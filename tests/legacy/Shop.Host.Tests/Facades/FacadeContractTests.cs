using Shop.BuildingBlocks.Modules.Facades;
using Shop.Modules.Catalog.Contracts;
using Shop.Modules.Customers.Contracts;
using Shop.Modules.Inventory.Contracts;

namespace Shop.Host.Tests.Facades;

/// <summary>How a facade interface travels over HTTP, and the interfaces that cannot.</summary>
public sealed class FacadeContractTests
{
    [Fact]
    public void Of_CatalogFacade_OperationsNamedAfterTheMethods()
    {
        var contract = FacadeContract.Of(typeof(ICatalogFacade));

        Assert.Equal(["get-product-prices", "list-product-ids"], contract.Operations.Select(o => o.Name).Order());
        var prices = Assert.Single(contract.Operations, o => o.Name == "get-product-prices");
        Assert.Equal([new FacadeArgument("productIds", typeof(IReadOnlyCollection<Guid>), MayBeNull: false)], prices.Arguments);
        Assert.Equal(typeof(IReadOnlyList<ProductPrice>), prices.ResultType);
    }

    [Fact]
    public void Of_PlainTaskAndNullableAnswer_ResultTypes()
    {
        Assert.Null(Assert.Single(FacadeContract.Of(typeof(IInventoryFacade)).Operations, o => o.Name == "release").ResultType);
        Assert.Equal(typeof(CustomerSummary), Assert.Single(FacadeContract.Of(typeof(ICustomersFacade)).Operations).ResultType);
    }

    [Fact]
    public void Of_NullableArgument_MayBeNull()
    {
        var argument = Assert.Single(Assert.Single(FacadeContract.Of(typeof(IOptionalFacade)).Operations).Arguments);

        Assert.True(argument.MayBeNull);
    }

    [Theory]
    [InlineData(typeof(ISynchronousFacade), "returns Int32")]
    [InlineData(typeof(IUncancellableFacade), "takes a CancellationToken last")]
    [InlineData(typeof(IOverloadedFacade), "two methods travel as operation 'find'")]
    [InlineData(typeof(string), "is not an interface")]
    public void Of_InterfaceThatCannotTravel_ThrowsNamingWhy(Type facade, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FacadeContract.Of(facade));

        Assert.Contains(reason, error.Message);
    }

    public interface IOptionalFacade
    {
        Task<int> CountAsync(string? filter, CancellationToken cancellationToken);
    }

    public interface ISynchronousFacade
    {
        int Count(CancellationToken cancellationToken);
    }

    public interface IUncancellableFacade
    {
        Task<int> CountAsync();
    }

    public interface IOverloadedFacade
    {
        Task<int> FindAsync(int id, CancellationToken cancellationToken);

        Task<int> FindAsync(string name, CancellationToken cancellationToken);
    }
}
