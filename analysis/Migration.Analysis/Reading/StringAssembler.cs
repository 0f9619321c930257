using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Text;

namespace Migration.Analysis.Reading;

/// <summary>
/// Rebuilds the strings a method body assembles from literals: C# compiles $"SELECT .. FROM {schema}.orders" to a
/// DefaultInterpolatedStringHandler (AppendLiteral, AppendFormatted, ToStringAndClear or string.Create), and + to
/// string.Concat (over a string[] beyond four parts). It follows the evaluation stack through the body, noting which
/// values are literals or strings built from them, and gives each string where code hands it on (to a call, a
/// field, a local), with {0}, {1}, .. for the holes, the values only known when the code runs.
/// </summary>
/// <remarks>
/// Run only over bodies where a literal opens a statement and a string is built: the scan's first pass finds those.
/// Where control flow joins (a ?: inside the string), a value that differs by path becomes a hole. A string kept in a
/// local and appended to later (sql += ..) is given as its parts.
/// </remarks>
internal sealed class StringAssembler(MetadataReader reader, StringCalls calls)
{
    private readonly List<object?> _stack = [];          // null: a value not built from literals
    private readonly List<int> _pushedAt = [];           // IL offset at which each slot was pushed
    // Keyed by int with int or reference values: the runtime has these dictionaries compiled ahead of time, so a
    // run that assembles a few bodies compiles none of their code.
    private readonly Dictionary<int, int> _joinSource = [];  // forward branch target -> offset of its first branch
    private readonly Dictionary<int, int> _joinDepth = [];   // forward branch target -> stack depth there
    private readonly Dictionary<int, int> _regions = [];     // handler or try start -> stack depth at entry
    private readonly Dictionary<int, Pieces> _handlers = []; // address of a handler -> its pieces
    private readonly Dictionary<int, int> _signatures = [];  // method token -> values popped * 2 + 1 if one is pushed
    private readonly List<string> _texts = [];

    /// <summary>A string built from literals and holes (null parts), until it is handed on.</summary>
    private sealed class Pieces
    {
        public List<string?> Parts { get; } = [];

        public bool Given { get; set; }

        public void Add(object? value)
        {
            if (value is Pieces pieces)
            {
                Parts.AddRange(pieces.Parts);
            }
            else
            {
                Parts.Add(null);
            }
        }
    }

    /// <summary>The address of a local or field: where a handler lives.</summary>
    private sealed record Address(int Key);

    private sealed record Constant(int Value);

    /// <summary>A string[] being filled for string.Concat.</summary>
    private sealed record PieceArray(object?[] Elements);

    /// <summary>The strings of a body that hold a literal, in the order the code hands them on.</summary>
    public List<string> Assemble(MethodBodyBlock body)
    {
        _stack.Clear();
        _pushedAt.Clear();
        _joinSource.Clear();
        _joinDepth.Clear();
        _regions.Clear();
        _handlers.Clear();
        _texts.Clear();
        foreach (var region in body.ExceptionRegions)
        {
            _regions[region.TryOffset] = 0;
            _regions[region.HandlerOffset] = region.Kind is ExceptionRegionKind.Catch or ExceptionRegionKind.Filter ? 1 : 0;
            if (region.Kind == ExceptionRegionKind.Filter)
            {
                _regions[region.FilterOffset] = 1;
            }
        }

        var il = body.GetILReader();
        var reachable = true;
        while (il.RemainingBytes > 0)
        {
            var offset = il.Offset;
            if (_regions.TryGetValue(offset, out var entry))
            {
                Resize(entry, keepBefore: -1);
            }
            else if (_joinSource.Remove(offset, out var source) && _joinDepth.Remove(offset, out var depth))
            {
                // Values pushed since the first branch here may differ by path: they become holes.
                Resize(depth, keepBefore: source);
            }
            else if (!reachable)
            {
                Resize(0, keepBefore: -1);
            }

            var opcode = IlOperands.Read(ref il);
            Execute(opcode, ref il, offset);
            reachable = opcode.FlowControl is not (FlowControl.Branch or FlowControl.Return or FlowControl.Throw);
        }

        while (_stack.Count > 0)
        {
            Give(Pop());
        }

        foreach (var pieces in _handlers.Values)
        {
            Give(pieces);
        }

        return _texts;
    }

    private void Execute(OpCode opcode, ref BlobReader il, int offset)
    {
        var code = opcode.Value;
        switch (opcode.OperandType)
        {
            case OperandType.InlineString:
                var pieces = new Pieces();
                pieces.Parts.Add(reader.GetUserString((UserStringHandle)MetadataTokens.Handle(il.ReadInt32())));
                Push(pieces, offset);
                return;
            case OperandType.InlineMethod when code == OpCodes.Call.Value || code == OpCodes.Callvirt.Value:
                Call(il.ReadInt32(), offset);
                return;
            case OperandType.InlineMethod when code == OpCodes.Newobj.Value:
                GiveAll(Signature(il.ReadInt32(), out _) - 1); // the parameters; the object is pushed, not popped
                Push(null, offset);
                return;
            case OperandType.InlineSig: // calli
                var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)MetadataTokens.EntityHandle(il.ReadInt32())).Signature;
                GiveAll(Decode(reader.GetBlobReader(signature), out var pushes) + 1); // and the function pointer
                if (pushes)
                {
                    Push(null, offset);
                }

                return;
            case OperandType.InlineBrTarget or OperandType.ShortInlineBrTarget:
                var delta = opcode.OperandType == OperandType.InlineBrTarget ? il.ReadInt32() : il.ReadSByte();
                Generic(opcode, offset);
                if (code == OpCodes.Leave.Value || code == OpCodes.Leave_S.Value)
                {
                    GiveAll(_stack.Count); // leave empties the stack
                }

                Branch(offset, il.Offset + delta);
                return;
            case OperandType.InlineSwitch:
                var count = il.ReadInt32();
                var targets = il.Offset + (count * 4);
                Generic(opcode, offset);
                for (var i = 0; i < count; i++)
                {
                    Branch(offset, targets + il.ReadInt32());
                }

                return;
        }

        if (code == OpCodes.Ldloca_S.Value || code == OpCodes.Ldloca.Value)
        {
            Push(new Address(code == OpCodes.Ldloca_S.Value ? il.ReadByte() : il.ReadUInt16()), offset);
        }
        else if (code == OpCodes.Ldflda.Value || code == OpCodes.Ldsflda.Value)
        {
            var field = il.ReadInt32();
            if (code == OpCodes.Ldflda.Value)
            {
                Give(Pop());
            }

            Push(new Address(field), offset);
        }
        else if (code == OpCodes.Ldc_I4_S.Value || code == OpCodes.Ldc_I4.Value)
        {
            Push(new Constant(code == OpCodes.Ldc_I4_S.Value ? il.ReadSByte() : il.ReadInt32()), offset);
        }
        else if (code >= OpCodes.Ldc_I4_M1.Value && code <= OpCodes.Ldc_I4_8.Value)
        {
            Push(new Constant(code - OpCodes.Ldc_I4_0.Value), offset);
        }
        else if (code == OpCodes.Dup.Value)
        {
            Push(_stack.Count > 0 ? _stack[^1] : null, offset);
        }
        else if (code == OpCodes.Newarr.Value)
        {
            il.ReadInt32();
            Push(Pop() is Constant { Value: >= 0 and <= 64 } length ? new PieceArray(new object?[length.Value]) : null, offset);
        }
        else if (code == OpCodes.Stelem_Ref.Value || code == OpCodes.Stelem.Value)
        {
            if (code == OpCodes.Stelem.Value)
            {
                il.ReadInt32();
            }

            var value = Pop();
            var index = Pop();
            if (Pop() is PieceArray array && index is Constant { Value: var at } && at >= 0 && at < array.Elements.Length)
            {
                array.Elements[at] = value;
            }
            else
            {
                Give(value);
            }
        }
        else if (code == OpCodes.Ret.Value)
        {
            GiveAll(_stack.Count);
        }
        else
        {
            IlOperands.Skip(ref il, opcode.OperandType);
            Generic(opcode, offset);
        }
    }

    private void Call(int token, int offset)
    {
        var pops = Signature(token, out var pushes);
        var kind = calls.Of(token);
        if (kind == StringCall.None || pops > _stack.Count)
        {
            GiveAll(pops);
            if (pushes)
            {
                Push(null, offset);
            }

            return;
        }

        var arguments = new object?[pops];
        for (var i = pops - 1; i >= 0; i--)
        {
            arguments[i] = Pop();
        }

        object? result = null;
        switch (kind)
        {
            case StringCall.HandlerStart when arguments is [Address start, ..]:
                _handlers[start.Key] = new Pieces();
                break;
            case StringCall.AppendLiteral or StringCall.AppendFormatted when arguments is [Address handler, ..]:
                // A formatted string value made of literals (a nested interpolation) is pieces too; anything else a hole.
                Handler(handler).Add(arguments.Length == 2 ? arguments[1] : null);
                break;
            case StringCall.HandlerText when arguments is [Address handler]:
                result = Handler(handler);
                _handlers.Remove(handler.Key);
                break;
            case StringCall.HandlerCreate when arguments is [.., Address handler]:
                result = Handler(handler);
                _handlers.Remove(handler.Key);
                break;
            case StringCall.Concat:
                var concatenated = new Pieces();
                foreach (var argument in arguments is [PieceArray array] ? array.Elements : arguments)
                {
                    concatenated.Add(argument);
                }

                result = concatenated;
                break;
            case StringCall.AsSpan when arguments is [Pieces text]:
                result = text;
                break;
            default:
                foreach (var argument in arguments)
                {
                    Give(argument);
                }

                break;
        }

        if (pushes)
        {
            Push(result, offset);
        }
    }

    private Pieces Handler(Address address)
    {
        if (!_handlers.TryGetValue(address.Key, out var pieces))
        {
            pieces = new Pieces();
            _handlers[address.Key] = pieces;
        }

        return pieces;
    }

    /// <summary>Any instruction that only moves values: what it pops is handed on, what it pushes is not built from literals.</summary>
    private void Generic(OpCode opcode, int offset)
    {
        GiveAll(Pops(opcode.StackBehaviourPop));
        for (var pushes = Pushes(opcode.StackBehaviourPush); pushes > 0; pushes--)
        {
            Push(null, offset);
        }
    }

    private void Branch(int source, int target)
    {
        if (target <= source)
        {
            return; // a loop: the stack is empty at its head in compiled C#
        }

        if (_joinSource.TryGetValue(target, out var first))
        {
            _joinSource[target] = Math.Min(first, source);
        }
        else
        {
            _joinSource[target] = source;
            _joinDepth[target] = _stack.Count;
        }
    }

    /// <summary>Sets the stack's depth at a join; slots pushed after <paramref name="keepBefore"/> become holes.</summary>
    private void Resize(int depth, int keepBefore)
    {
        while (_stack.Count > depth)
        {
            Give(Pop());
        }

        for (var i = 0; i < _stack.Count; i++)
        {
            if (_pushedAt[i] > keepBefore && _stack[i] is not null)
            {
                Give(_stack[i]);
                _stack[i] = null;
            }
        }

        while (_stack.Count < depth)
        {
            Push(null, -1);
        }
    }

    private void Push(object? value, int offset)
    {
        _stack.Add(value);
        _pushedAt.Add(offset);
    }

    private object? Pop()
    {
        if (_stack.Count == 0)
        {
            return null;
        }

        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        _pushedAt.RemoveAt(_pushedAt.Count - 1);
        return value;
    }

    private void GiveAll(int count)
    {
        for (; count > 0; count--)
        {
            Give(Pop());
        }
    }

    /// <summary>A value leaves the stack for something other than building a string: a string of literals is given.</summary>
    private void Give(object? value)
    {
        switch (value)
        {
            case Pieces { Given: false } pieces:
                pieces.Given = true;
                _texts.Add(Text(pieces));
                break;
            case Address address when _handlers.Remove(address.Key, out var handler):
                Give(handler); // a handler passed on by reference, not turned into a string here
                break;
            case PieceArray array:
                foreach (var element in array.Elements)
                {
                    Give(element);
                }

                break;
        }
    }

    private static string Text(Pieces pieces)
    {
        if (pieces.Parts is [{ } only])
        {
            return only;
        }

        var text = new StringBuilder();
        var holes = 0;
        foreach (var part in pieces.Parts)
        {
            if (part is null)
            {
                text.Append('{').Append(holes++).Append('}');
            }
            else
            {
                text.Append(part);
            }
        }

        return text.ToString();
    }

    /// <summary>How many values a call pops (its parameters, and the instance if it has one), and whether it pushes one.</summary>
    private int Signature(int token, out bool pushes)
    {
        if (!_signatures.TryGetValue(token, out var known))
        {
            var handle = MetadataTokens.EntityHandle(token);
            if (handle.Kind == HandleKind.MethodSpecification)
            {
                handle = reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method;
            }

            var signature = handle.Kind == HandleKind.MethodDefinition
                ? reader.GetMethodDefinition((MethodDefinitionHandle)handle).Signature
                : reader.GetMemberReference((MemberReferenceHandle)handle).Signature;
            known = (Decode(reader.GetBlobReader(signature), out var returns) * 2) + (returns ? 1 : 0);
            _signatures[token] = known;
        }

        pushes = (known & 1) != 0;
        return known >> 1;
    }

    /// <summary>A method signature's parameters, with the instance where it has one; and whether it returns a value.</summary>
    private static int Decode(BlobReader blob, out bool returns)
    {
        var header = blob.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            blob.ReadCompressedInteger();
        }

        var parameters = blob.ReadCompressedInteger();
        var type = blob.ReadSignatureTypeCode();
        while (type is SignatureTypeCode.RequiredModifier or SignatureTypeCode.OptionalModifier)
        {
            blob.ReadTypeHandle();
            type = blob.ReadSignatureTypeCode();
        }

        returns = type != SignatureTypeCode.Void;
        return parameters + (header.IsInstance && !header.HasExplicitThis ? 1 : 0);
    }

    private static int Pops(StackBehaviour behaviour) => behaviour switch
    {
        StackBehaviour.Pop0 => 0,
        StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
        StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8
            or StackBehaviour.Popref_popi_popr4 or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref
            or StackBehaviour.Popref_popi_pop1 => 3,
        StackBehaviour.Varpop => 0,
        _ => 2,
    };

    private static int Pushes(StackBehaviour behaviour) => behaviour switch
    {
        StackBehaviour.Push0 or StackBehaviour.Varpush => 0,
        StackBehaviour.Push1_push1 => 2,
        _ => 1,
    };
}
