using System.Reflection.Metadata;
using System.Runtime.CompilerServices;

namespace Migration.Analysis.Reading;

/// <summary>Told each type a signature names: a TypeDef, TypeRef or TypeSpec handle. A struct sink gets code of its own, with no dispatch.</summary>
internal interface ISignatureTypeSink
{
    void Use(EntityHandle type);
}

/// <summary>
/// Walks signature blobs (ECMA-335 II.23.2) and reports every type handle in them, including custom
/// modifiers, generic arguments, array elements and function pointers. It builds nothing: the analysis
/// needs the names only, and System.Reflection.Metadata's decoder would allocate an array for every
/// parameter list and generic instantiation, and run as shared generic code for every signature.
/// Malformed signatures throw <see cref="BadImageFormatException"/>, as that decoder's do.
/// </summary>
internal static class SignatureWalker
{
    // Element types (ECMA-335 II.23.1.16) that this walker treats specially; every other valid one is a primitive.
    private const int Pointer = 0x0f;
    private const int ByReference = 0x10;
    private const int ValueType = 0x11;
    private const int Class = 0x12;
    private const int GenericTypeParameter = 0x13;
    private const int Array = 0x14;
    private const int GenericTypeInstance = 0x15;
    private const int FunctionPointer = 0x1b;
    private const int SZArray = 0x1d;
    private const int GenericMethodParameter = 0x1e;
    private const int RequiredModifier = 0x1f;
    private const int OptionalModifier = 0x20;
    private const int Sentinel = 0x41;
    private const int Pinned = 0x45;

    /// <summary>A field, property, method, local-variables or method-specification signature.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Walk<TSink>(BlobReader blob, TSink sink) where TSink : ISignatureTypeSink
    {
        var header = blob.ReadSignatureHeader();
        switch (header.Kind)
        {
            case SignatureKind.Method or SignatureKind.Property:
                WalkMethod(ref blob, header, sink);
                break;
            case SignatureKind.Field:
                WalkType(ref blob, sink);
                break;
            case SignatureKind.LocalVariables or SignatureKind.MethodSpecification:
                WalkTypes(ref blob, sink, atLeastOne: header.Kind == SignatureKind.MethodSpecification);
                break;
            default:
                throw new BadImageFormatException($"Unexpected signature kind {header.Kind}.");
        }
    }

    /// <summary>A TypeSpec blob: a type with no header.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WalkTypeSpecification<TSink>(BlobReader blob, TSink sink) where TSink : ISignatureTypeSink =>
        WalkType(ref blob, sink);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WalkMethod<TSink>(ref BlobReader blob, SignatureHeader header, TSink sink) where TSink : ISignatureTypeSink
    {
        if (header.IsGeneric)
        {
            blob.ReadCompressedInteger(); // generic parameter count
        }

        var parameters = blob.ReadCompressedInteger();
        WalkType(ref blob, sink); // return type
        for (var i = 0; i < parameters; i++)
        {
            WalkType(ref blob, sink, sentinelAllowed: true);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WalkTypes<TSink>(ref BlobReader blob, TSink sink, bool atLeastOne) where TSink : ISignatureTypeSink
    {
        var count = blob.ReadCompressedInteger();
        if (count == 0 && atLeastOne)
        {
            throw new BadImageFormatException("A type sequence must have at least one element.");
        }

        for (var i = 0; i < count; i++)
        {
            WalkType(ref blob, sink);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WalkType<TSink>(ref BlobReader blob, TSink sink, bool sentinelAllowed = false) where TSink : ISignatureTypeSink
    {
        // Prefixes (modifiers, pointers, by-ref, arrays of one dimension, pinned) are followed by the type
        // they apply to: a loop, not a recursion.
        while (true)
        {
            var code = blob.ReadCompressedInteger();
            switch (code)
            {
                case ValueType or Class:
                    sink.Use(ReadTypeHandle(ref blob, specificationAllowed: false));
                    return;
                case RequiredModifier or OptionalModifier:
                    sink.Use(ReadTypeHandle(ref blob, specificationAllowed: true));
                    continue;
                case Pointer or ByReference or SZArray or Pinned:
                    continue;
                case Sentinel when sentinelAllowed:
                    sentinelAllowed = false; // vararg parameters follow
                    continue;
                case GenericTypeInstance:
                    WalkType(ref blob, sink);
                    WalkTypes(ref blob, sink, atLeastOne: true);
                    return;
                case Array:
                    WalkType(ref blob, sink);
                    SkipArrayShape(ref blob);
                    return;
                case FunctionPointer:
                    WalkMethod(ref blob, blob.ReadSignatureHeader(), sink);
                    return;
                case GenericTypeParameter or GenericMethodParameter:
                    blob.ReadCompressedInteger();
                    return;
                case >= 0x01 and <= 0x0e or 0x16 or 0x18 or 0x19 or 0x1c:
                    return; // void, primitives, string, typed reference, native integers, object
                default:
                    throw new BadImageFormatException($"Unexpected signature type code 0x{code:x2}.");
            }
        }
    }

    private static EntityHandle ReadTypeHandle(ref BlobReader blob, bool specificationAllowed)
    {
        var handle = blob.ReadTypeHandle();
        if (handle.IsNil || (handle.Kind == HandleKind.TypeSpecification && !specificationAllowed))
        {
            throw new BadImageFormatException("Expected a TypeDef or TypeRef handle.");
        }

        return handle;
    }

    private static void SkipArrayShape(ref BlobReader blob)
    {
        blob.ReadCompressedInteger(); // rank
        var sizes = blob.ReadCompressedInteger();
        for (var i = 0; i < sizes; i++)
        {
            blob.ReadCompressedInteger();
        }

        var lowerBounds = blob.ReadCompressedInteger();
        for (var i = 0; i < lowerBounds; i++)
        {
            blob.ReadCompressedSignedInteger();
        }
    }
}
