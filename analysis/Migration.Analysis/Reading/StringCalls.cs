using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Migration.Analysis.Reading;

/// <summary>What a call does to build a string, of the calls C# compiles string interpolation and + into.</summary>
internal enum StringCall : byte
{
    Unknown,
    None,

    /// <summary>DefaultInterpolatedStringHandler's constructor, on the handler's address.</summary>
    HandlerStart,

    /// <summary>DefaultInterpolatedStringHandler.AppendLiteral(string): a literal piece.</summary>
    AppendLiteral,

    /// <summary>DefaultInterpolatedStringHandler.AppendFormatted(..): a hole.</summary>
    AppendFormatted,

    /// <summary>DefaultInterpolatedStringHandler.ToStringAndClear(): the assembled string.</summary>
    HandlerText,

    /// <summary>string.Create(IFormatProvider, [Span&lt;char&gt;,] ref DefaultInterpolatedStringHandler).</summary>
    HandlerCreate,

    /// <summary>string.Concat(..), which + compiles into.</summary>
    Concat,

    /// <summary>string's conversion to ReadOnlySpan&lt;char&gt;, which concatenating a char goes through.</summary>
    AsSpan,
}

/// <summary>
/// Tells, per method token of one assembly, which calls build strings. The answer is kept, by token, in arrays that
/// are made when a method body first needs one.
/// </summary>
internal sealed class StringCalls(MetadataReader reader)
{
    private StringCall[]? _definitions;
    private StringCall[]? _references;
    private StringCall[]? _specifications;

    /// <summary>Whether a call, by its method token (MethodDef, MemberRef or MethodSpec), builds a string.</summary>
    public bool Builds(int token) => Of(token) != StringCall.None;

    public StringCall Of(int token)
    {
        var handle = MetadataTokens.EntityHandle(token);
        var cache = handle.Kind switch
        {
            HandleKind.MethodDefinition => _definitions ??= new StringCall[reader.MethodDefinitions.Count + 1],
            HandleKind.MemberReference => _references ??= new StringCall[reader.GetTableRowCount(TableIndex.MemberRef) + 1],
            HandleKind.MethodSpecification => _specifications ??= new StringCall[reader.GetTableRowCount(TableIndex.MethodSpec) + 1],
            _ => null,
        };

        if (cache is null)
        {
            return StringCall.None;
        }

        ref var call = ref cache[MetadataTokens.GetRowNumber(handle)];
        if (call == StringCall.Unknown)
        {
            call = Classify(handle);
        }

        return call;
    }

    private StringCall Classify(EntityHandle method)
    {
        switch (method.Kind)
        {
            case HandleKind.MethodSpecification:
                return Of(MetadataTokens.GetToken(reader.GetMethodSpecification((MethodSpecificationHandle)method).Method));
            case HandleKind.MemberReference:
                var reference = reader.GetMemberReference((MemberReferenceHandle)method);
                return Classify(reference.Parent, reference.Name, reference.Signature);
            default:
                var definition = reader.GetMethodDefinition((MethodDefinitionHandle)method);
                return Classify(definition.GetDeclaringType(), definition.Name, definition.Signature);
        }
    }

    private StringCall Classify(EntityHandle type, StringHandle name, BlobHandle signature)
    {
        var names = reader.StringComparer;
        if (IsType(type, "System.Runtime.CompilerServices", "DefaultInterpolatedStringHandler"))
        {
            return names.Equals(name, ".ctor") ? StringCall.HandlerStart
                : names.Equals(name, "AppendLiteral") ? StringCall.AppendLiteral
                : names.Equals(name, "AppendFormatted") ? StringCall.AppendFormatted
                : names.Equals(name, "ToStringAndClear") || names.Equals(name, "ToString") ? StringCall.HandlerText
                : StringCall.None;
        }

        if (IsType(type, "System", "String"))
        {
            return names.Equals(name, "Concat") ? StringCall.Concat
                : names.Equals(name, "op_Implicit") ? StringCall.AsSpan
                : names.Equals(name, "Create") && !reader.GetBlobReader(signature).ReadSignatureHeader().IsGeneric ? StringCall.HandlerCreate
                : StringCall.None;
        }

        return StringCall.None;
    }

    private bool IsType(EntityHandle type, string ns, string name)
    {
        var names = reader.StringComparer;
        switch (type.Kind)
        {
            case HandleKind.TypeReference:
                var reference = reader.GetTypeReference((TypeReferenceHandle)type);
                return names.Equals(reference.Name, name) && names.Equals(reference.Namespace, ns);
            case HandleKind.TypeDefinition:
                var definition = reader.GetTypeDefinition((TypeDefinitionHandle)type);
                return names.Equals(definition.Name, name) && names.Equals(definition.Namespace, ns);
            default:
                return false;
        }
    }
}
