using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Migration.Analysis.Reading;

namespace Migration.Analysis.Tests.Reading;

public sealed class SignatureWalkerTests
{
    /// <summary>
    /// Assemblies with every kind of signature in quantity: custom modifiers (CoreLib's in-parameters and
    /// init-only setters), function pointers, multi-dimensional arrays, generic methods, pinned locals.
    /// </summary>
    public static TheoryData<string> Assemblies() =>
    [
        typeof(object).Assembly.Location,
        typeof(Enumerable).Assembly.Location,
        typeof(ImmutableArray).Assembly.Location,
        typeof(MetadataReader).Assembly.Location,
        Path.Combine(AppContext.BaseDirectory, "Shop.Modules.Ordering.dll"),
    ];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Walk_EverySignatureOfAnAssembly_NamesTheTypesSystemReflectionMetadataDecodes(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var signatures = 0;

        foreach (var handle in reader.FieldDefinitions)
        {
            var field = reader.GetFieldDefinition(handle);
            AssertSame(reader, field.Signature, provider => field.DecodeSignature(provider, null));
            signatures++;
        }

        foreach (var handle in reader.MethodDefinitions)
        {
            var method = reader.GetMethodDefinition(handle);
            AssertSame(reader, method.Signature, provider => method.DecodeSignature(provider, null));
            signatures++;
        }

        foreach (var handle in reader.PropertyDefinitions)
        {
            var property = reader.GetPropertyDefinition(handle);
            AssertSame(reader, property.Signature, provider => property.DecodeSignature(provider, null));
            signatures++;
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.StandAloneSig); row++)
        {
            var standalone = reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
            AssertSame(reader, standalone.Signature, provider =>
            {
                if (standalone.GetKind() == StandaloneSignatureKind.LocalVariables)
                {
                    standalone.DecodeLocalSignature(provider, null);
                }
                else
                {
                    standalone.DecodeMethodSignature(provider, null);
                }
            });
            signatures++;
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var specification = reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
            AssertSame(reader, specification.Signature, provider => specification.DecodeSignature(provider, null));
            signatures++;
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var specification = reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row));
            var expected = new Recorder();
            specification.DecodeSignature(expected, null);
            var walked = new Recorder();
            SignatureWalker.WalkTypeSpecification(reader.GetBlobReader(specification.Signature), walked);
            Assert.Equal(expected.Types, walked.Types);
            signatures++;
        }

        Assert.True(signatures > 100, $"{path}: only {signatures} signatures");
    }

    private static void AssertSame(MetadataReader reader, BlobHandle signature, Action<Recorder> decode)
    {
        var expected = new Recorder();
        decode(expected);
        var walked = new Recorder();
        SignatureWalker.Walk(reader.GetBlobReader(signature), walked);
        Assert.Equal(expected.Types, walked.Types);
    }

    /// <summary>Both a sink for the walker and a provider for System.Reflection.Metadata's decoder: the types in the order named.</summary>
    private sealed class Recorder : ISignatureTypeSink, ISignatureTypeProvider<int, object?>
    {
        public List<EntityHandle> Types { get; } = [];

        public void Use(EntityHandle type) => Types.Add(type);

        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Add(handle);

        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Add(handle);

        public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => Add(handle);

        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;

        public int GetSZArrayType(int elementType) => 0;

        public int GetArrayType(int elementType, ArrayShape shape) => 0;

        public int GetByReferenceType(int elementType) => 0;

        public int GetPointerType(int elementType) => 0;

        public int GetPinnedType(int elementType) => 0;

        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;

        public int GetGenericMethodParameter(object? genericContext, int index) => 0;

        public int GetGenericTypeParameter(object? genericContext, int index) => 0;

        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;

        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;

        private int Add(EntityHandle handle)
        {
            Types.Add(handle);
            return 0;
        }
    }
}
