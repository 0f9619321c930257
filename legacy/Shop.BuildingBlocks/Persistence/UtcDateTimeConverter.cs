using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Shop.BuildingBlocks.Persistence;

/// <summary>Stores DateTime as given (always UTC in this code base) and reads it back marked as UTC.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
