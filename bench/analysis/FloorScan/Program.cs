// The floor for the coupling analysis: a plain System.Reflection.Metadata pass over the same files that
// decodes every signature (types, fields, methods, properties, locals, type specs, member references),
// every custom attribute's constructor, and every IL token, and does nothing with them. Single-threaded,
// as the simplest scan would be.
using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.Emit;
using System.Reflection.PortableExecutable;

var files = args.SelectMany(a => Directory.Exists(a) ? Directory.GetFiles(a, "*.dll") : [a]).ToList();
var provider = new NullProvider();
long tokens = 0, signatures = 0;
foreach (var file in files)
{
    using var stream = File.OpenRead(file);
    using var pe = new PEReader(stream);
    if (!pe.HasMetadata)
    {
        continue;
    }

    var reader = pe.GetMetadataReader();
    for (var row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
    {
        reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(provider, null);
        signatures++;
    }

    foreach (var handle in reader.MemberReferences)
    {
        var member = reader.GetMemberReference(handle);
        if (member.GetKind() == MemberReferenceKind.Method)
        {
            member.DecodeMethodSignature(provider, null);
        }
        else
        {
            member.DecodeFieldSignature(provider, null);
        }

        signatures++;
    }

    foreach (var handle in reader.CustomAttributes)
    {
        _ = reader.GetCustomAttribute(handle).Constructor;
        signatures++;
    }

    foreach (var typeHandle in reader.TypeDefinitions)
    {
        var type = reader.GetTypeDefinition(typeHandle);
        foreach (var field in type.GetFields())
        {
            reader.GetFieldDefinition(field).DecodeSignature(provider, null);
            signatures++;
        }

        foreach (var property in type.GetProperties())
        {
            reader.GetPropertyDefinition(property).DecodeSignature(provider, null);
            signatures++;
        }

        foreach (var methodHandle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            method.DecodeSignature(provider, null);
            signatures++;
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                var operand = Il.Read(ref il);
                if (Il.IsToken(operand))
                {
                    _ = MetadataTokens.Handle(il.ReadInt32());
                    tokens++;
                }
                else
                {
                    Il.Skip(ref il, operand);
                }
            }
        }
    }
}

Console.WriteLine($"{files.Count} files, {signatures} signatures and attributes, {tokens} IL tokens");

sealed class NullProvider : ISignatureTypeProvider<int, object?>
{
    public int GetArrayType(int elementType, ArrayShape shape) => 0;
    public int GetByReferenceType(int elementType) => 0;
    public int GetFunctionPointerType(MethodSignature<int> signature) => 0;
    public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;
    public int GetGenericMethodParameter(object? genericContext, int index) => 0;
    public int GetGenericTypeParameter(object? genericContext, int index) => 0;
    public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;
    public int GetPinnedType(int elementType) => 0;
    public int GetPointerType(int elementType) => 0;
    public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;
    public int GetSZArrayType(int elementType) => 0;
    public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => 0;
    public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;
    public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => 0;
}

/// <summary>Operand layout of IL opcodes, from the runtime's opcode table.</summary>
static class Il
{
    private static readonly OperandType[] One = new OperandType[256];
    private static readonly OperandType[] Two = new OperandType[256];

    static Il()
    {
        foreach (var field in typeof(OpCodes).GetFields())
        {
            var opcode = (OpCode)field.GetValue(null)!;
            if (opcode.OpCodeType == OpCodeType.Nternal)
            {
                continue; // Prefix1..7 and Prefixref: encoding markers, not instructions.
            }

            if (opcode.Size == 1)
            {
                One[(byte)opcode.Value] = opcode.OperandType;
            }
            else
            {
                Two[(byte)(opcode.Value & 0xFF)] = opcode.OperandType;
            }
        }
    }

    public static OperandType Read(ref BlobReader il)
    {
        var first = il.ReadByte();
        return first != 0xFE ? One[first] : Two[il.ReadByte()];
    }

    public static bool IsToken(OperandType operand) => operand is OperandType.InlineField or OperandType.InlineMethod
        or OperandType.InlineType or OperandType.InlineTok or OperandType.InlineSig or OperandType.InlineString;

    public static void Skip(ref BlobReader il, OperandType operand)
    {
        // The switch's count is read before the offset moves past the targets.
        var size = operand switch
        {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => il.ReadInt32() * 4,
        _ => 4,
        };
        il.Offset += size;
    }
}
