var builder = DistributedApplication.CreateBuilder(args);

builder.AddShopEstate();

builder.Build().Run();
