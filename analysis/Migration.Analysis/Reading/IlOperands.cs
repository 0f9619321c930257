using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Migration.Analysis.Reading;

/// <summary>Operand layout of every IL opcode, taken from the runtime's own opcode table.</summary>
internal static class IlOperands
{
    private static readonly OperandType[] OneByte = new OperandType[256];
    private static readonly OperandType[] TwoByte = new OperandType[256];
    private static readonly bool[] KnownOneByte = new bool[256];
    private static readonly bool[] KnownTwoByte = new bool[256];
    private static readonly OpCode[] OneByteCodes = new OpCode[256];
    private static readonly OpCode[] TwoByteCodes = new OpCode[256];

    static IlOperands()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var opcode = (OpCode)field.GetValue(null)!;
            var value = (ushort)opcode.Value;
            if (opcode.Size == 1)
            {
                OneByte[value] = opcode.OperandType;
                OneByteCodes[value] = opcode;
                KnownOneByte[value] = true;
            }
            else
            {
                TwoByte[value & 0xFF] = opcode.OperandType;
                TwoByteCodes[value & 0xFF] = opcode;
                KnownTwoByte[value & 0xFF] = true;
            }
        }
    }

    /// <summary>Reads the opcode at the reader's position and returns its operand type.</summary>
    /// <exception cref="BadImageFormatException">An opcode the runtime does not know.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static OperandType ReadOpCode(ref System.Reflection.Metadata.BlobReader il)
    {
        var first = il.ReadByte();
        if (first != 0xFE)
        {
            return KnownOneByte[first] ? OneByte[first] : throw new BadImageFormatException($"Unknown IL opcode 0x{first:X2}.");
        }

        var second = il.ReadByte();
        return KnownTwoByte[second] ? TwoByte[second] : throw new BadImageFormatException($"Unknown IL opcode 0xFE{second:X2}.");
    }

    /// <summary>Reads the opcode at the reader's position, for readers that follow the evaluation stack.</summary>
    /// <exception cref="BadImageFormatException">An opcode the runtime does not know.</exception>
    public static OpCode Read(ref System.Reflection.Metadata.BlobReader il)
    {
        var first = il.ReadByte();
        if (first != 0xFE)
        {
            return KnownOneByte[first] ? OneByteCodes[first] : throw new BadImageFormatException($"Unknown IL opcode 0x{first:X2}.");
        }

        var second = il.ReadByte();
        return KnownTwoByte[second] ? TwoByteCodes[second] : throw new BadImageFormatException($"Unknown IL opcode 0xFE{second:X2}.");
    }

    /// <summary>Skips an operand that carries no metadata token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Skip(ref System.Reflection.Metadata.BlobReader il, OperandType operand)
    {
        switch (operand)
        {
            case OperandType.InlineNone:
                break;
            case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                il.Offset += 1;
                break;
            case OperandType.InlineVar:
                il.Offset += 2;
                break;
            case OperandType.InlineI8 or OperandType.InlineR:
                il.Offset += 8;
                break;
            case OperandType.InlineSwitch:
                var count = il.ReadInt32();
                il.Offset += count * 4;
                break;
            default:
                il.Offset += 4;
                break;
        }
    }
}
