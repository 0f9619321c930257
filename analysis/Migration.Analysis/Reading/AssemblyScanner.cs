using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Migration.Analysis.Modules;

namespace Migration.Analysis.Reading;

/// <summary>
/// Reads one assembly's metadata (System.Reflection.Metadata; nothing is loaded or run) and records,
/// for every type in a module, which types of other modules it uses: in base types, interfaces, generic
/// constraints, fields, properties, events, method signatures and locals, attributes, and method bodies
/// (calls, object creation, field access, casts, typeof). One scanner per file; not thread-safe.
/// </summary>
// The scan's methods are [AggressiveOptimization]: they run millions of times within a second, and a run
// ends before tiered compilation would have promoted them from their unoptimised first version. The rest
// of a process (command line, reports) stays on quick, tiered compilation, which keeps start-up short.
internal sealed class AssemblyScanner
{
    private const int Unresolved = -2;
    private const int Outside = ModuleResolver.Outside;

    private readonly ModuleResolver _modules;
    private readonly MetadataReader _reader;
    private readonly string _assembly;
    private readonly int[] _defTop;          // TypeDef row -> row of its outermost declaring type
    private readonly int[] _methodType;      // MethodDef row -> TypeDef row declaring it
    private readonly int[] _fieldType;       // FieldDef row -> TypeDef row declaring it
    private readonly int[] _defModule;       // TypeDef row -> module of the outermost type, or Outside
    private readonly ModulePart[] _defPart;
    private readonly int[] _refModule;       // TypeRef row -> module of its outermost type, Outside or Unresolved
    private readonly ModulePart[] _refPart;
    private readonly (string Assembly, string FullName)[] _refName;
    private readonly int[] _refScope;        // TypeRef row -> AssemblyRef row of its outermost type (0: none)
    private readonly int[] _externalUses;    // AssemblyRef row -> uses of its types outside every module, by the type being read
    private readonly List<int> _externalTouched = [];
    private readonly Dictionary<(int Module, int Scope), int> _external = [];
    private readonly Dictionary<long, int> _edges = [];
    private readonly int[]?[] _specTargets;                  // TypeSpec row -> module types it names
    private readonly int[]?[] _memberTargets;                // MemberRef row -> module types of its parent
    private readonly int[]?[] _methodSpecTargets;            // MethodSpec row -> module types of method and instantiation
    private readonly Dictionary<long, (string Assembly, string Namespace, int Module, ModulePart Part)> _scopes = []; // (AssemblyRef row, namespace)
    private readonly Dictionary<int, int> _literals = [];      // user-string token -> how it reads (LiteralKind)
    private readonly StringCalls _stringCalls;
    private StringAssembler? _assembler;
    private bool _statementInBody;                             // a literal of the body being read opens a statement
    private bool _assembleBody;                                // .. and the body builds a string after it
    private readonly List<int> _captured = [];               // targets of the signatures being decoded, innermost last
    private int _capturing;                                  // how many decodes are under way (they nest)
    private readonly List<SqlText> _sql = [];
    private readonly Dictionary<int, int> _typeIndex = [];   // top TypeDef row -> index in Types
    private readonly List<ScannedType> _types = [];
    private int _currentType = -1;                             // top TypeDef row being read
    private int _currentModule = Outside;

    private AssemblyScanner(MetadataReader reader, ModuleResolver modules)
    {
        _reader = reader;
        _modules = modules;
        _assembly = reader.GetString(reader.GetAssemblyDefinition().Name);
        var defs = reader.TypeDefinitions.Count + 1;
        var refs = reader.TypeReferences.Count + 1;
        _defTop = new int[defs];
        _methodType = new int[reader.MethodDefinitions.Count + 1];
        _fieldType = new int[reader.FieldDefinitions.Count + 1];
        _defModule = new int[defs];
        _defPart = new ModulePart[defs];
        _refModule = new int[refs];
        _refPart = new ModulePart[refs];
        _refName = new (string, string)[refs];
        _refScope = new int[refs];
        _externalUses = new int[reader.AssemblyReferences.Count + 1];
        Array.Fill(_refModule, Unresolved);
        _specTargets = new int[]?[reader.GetTableRowCount(TableIndex.TypeSpec) + 1];
        _memberTargets = new int[]?[reader.GetTableRowCount(TableIndex.MemberRef) + 1];
        _methodSpecTargets = new int[]?[reader.GetTableRowCount(TableIndex.MethodSpec) + 1];
        _stringCalls = new StringCalls(reader);
    }

    /// <summary>How a literal reads; kept as an int, for a dictionary the runtime has compiled ahead of time.</summary>
    [Flags]
    private enum LiteralKind
    {
        Judged = 1,
        Sql = 2,
        OpensStatement = 4,
    }

    /// <summary>Scans an assembly file.</summary>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly, or its metadata is corrupt.</exception>
    public static ScannedAssembly Scan(string path, ModuleMap map) => Scan(path, new ModuleResolver(map));

    /// <exception cref="BadImageFormatException">The file is not a .NET assembly, or its metadata is corrupt.</exception>
    public static ScannedAssembly Scan(string path, ModuleResolver modules)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("Not a .NET assembly (no metadata).", path);
        }

        var reader = pe.GetMetadataReader();
        if (!reader.IsAssembly)
        {
            throw new BadImageFormatException("A .NET module without an assembly manifest.", path);
        }

        var scanner = new AssemblyScanner(reader, modules);
        return scanner.Run(pe, path);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ScannedAssembly Run(PEReader pe, string path)
    {
        ResolveDefinitions();
        foreach (var handle in _reader.TypeDefinitions)
        {
            var row = MetadataTokens.GetRowNumber(handle);
            _currentType = _defTop[row];
            _currentModule = _defModule[row];
            if (_currentModule == Outside)
            {
                continue;
            }

            ReadType(_reader.GetTypeDefinition(handle), pe);
            FlushExternalUses();
        }

        var references = new List<TypeReference>(_edges.Count);
        foreach (var (key, count) in _edges)
        {
            var from = _typeIndex[(int)(key >> 32)];
            var target = (int)key;
            if (target > 0)
            {
                var type = _types[_typeIndex[target]];
                references.Add(new TypeReference(from, type.Assembly, type.FullName, type.Module, type.Part, count));
            }
            else
            {
                var (assembly, fullName) = _refName[-target];
                references.Add(new TypeReference(from, assembly, fullName, _refModule[-target], _refPart[-target], count));
            }
        }

        var referenced = _reader.AssemblyReferences.Select(r => _reader.GetString(_reader.GetAssemblyReference(r).Name)).ToList();
        var external = _external.Select(e => new ExternalUse(e.Key.Module, referenced[e.Key.Scope - 1], e.Value)).ToList();
        return new ScannedAssembly(_assembly, path, _types, references, _sql, referenced)
        {
            External = external,
            Forwarded = ReadForwarders(),
        };
    }

    /// <summary>The current type's uses of types outside every module, added to its module's count per referenced assembly.</summary>
    private void FlushExternalUses()
    {
        foreach (var scope in _externalTouched)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_external, (_currentModule, scope), out _) += _externalUses[scope];
            _externalUses[scope] = 0;
        }

        _externalTouched.Clear();
    }

    /// <summary>Types this assembly forwards to another (a facade such as System.Runtime), by full name.</summary>
    private Dictionary<string, string> ReadForwarders()
    {
        var forwarded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var handle in _reader.ExportedTypes)
        {
            var exported = _reader.GetExportedType(handle);
            if (exported.IsForwarder && exported.Implementation.Kind == HandleKind.AssemblyReference)
            {
                var ns = _reader.GetString(exported.Namespace);
                var name = _reader.GetString(exported.Name);
                forwarded[ns.Length == 0 ? name : ns + "." + name] =
                    _reader.GetString(_reader.GetAssemblyReference((AssemblyReferenceHandle)exported.Implementation).Name);
            }
        }

        return forwarded;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ResolveDefinitions()
    {
        foreach (var handle in _reader.TypeDefinitions)
        {
            var row = MetadataTokens.GetRowNumber(handle);
            var top = handle;
            var definition = _reader.GetTypeDefinition(top);

            // IL names methods and fields, not their types; the reader finds a member's type by a binary
            // search, and calls recur: every member's type is noted once, by walking each type's members.
            foreach (var method in definition.GetMethods())
            {
                _methodType[MetadataTokens.GetRowNumber(method)] = row;
            }

            foreach (var field in definition.GetFields())
            {
                _fieldType[MetadataTokens.GetRowNumber(field)] = row;
            }

            while (definition.GetDeclaringType() is { IsNil: false } declaring)
            {
                top = declaring;
                definition = _reader.GetTypeDefinition(top);
            }

            var topRow = MetadataTokens.GetRowNumber(top);
            _defTop[row] = topRow;
            if (row != topRow)
            {
                continue; // Nested: resolved with its outermost type, which has a lower row.
            }

            var name = _reader.GetString(definition.Name);
            if (name.StartsWith('<'))
            {
                _defModule[row] = Outside; // <Module>, <PrivateImplementationDetails>: compiler plumbing.
                continue;
            }

            var ns = _reader.GetString(definition.Namespace);
            var (module, part) = Resolve(_assembly, ns);
            _defModule[row] = module;
            _defPart[row] = part;
            if (module == Outside)
            {
                continue;
            }

            var attributes = definition.Attributes;
            var isInterface = (attributes & TypeAttributes.Interface) != 0;
            var isStatic = (attributes & (TypeAttributes.Abstract | TypeAttributes.Sealed)) == (TypeAttributes.Abstract | TypeAttributes.Sealed);
            _typeIndex[row] = _types.Count;
            _types.Add(new ScannedType(_assembly, ns.Length == 0 ? name : ns + "." + name, module, part,
                isInterface || ((attributes & TypeAttributes.Abstract) != 0 && !isStatic)));
        }

        // Nested types take their outermost type's module (rows of nested types follow their encloser's).
        foreach (var handle in _reader.TypeDefinitions)
        {
            var row = MetadataTokens.GetRowNumber(handle);
            if (_defTop[row] != row)
            {
                _defModule[row] = _defModule[_defTop[row]];
                _defPart[row] = _defPart[_defTop[row]];
            }
        }
    }

    private (int Module, ModulePart Part) Resolve(string assembly, string ns) => _modules.Resolve(assembly, ns);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadType(TypeDefinition type, PEReader pe)
    {
        Use(type.BaseType);
        foreach (var handle in type.GetInterfaceImplementations())
        {
            Use(_reader.GetInterfaceImplementation(handle).Interface);
        }

        ReadGenericParameters(type.GetGenericParameters());
        ReadAttributes(type.GetCustomAttributes());
        foreach (var handle in type.GetFields())
        {
            var field = _reader.GetFieldDefinition(handle);
            Walk(field.Signature);
            ReadAttributes(field.GetCustomAttributes());
        }

        foreach (var handle in type.GetProperties())
        {
            var property = _reader.GetPropertyDefinition(handle);
            Walk(property.Signature);
            ReadAttributes(property.GetCustomAttributes());
        }

        foreach (var handle in type.GetEvents())
        {
            var @event = _reader.GetEventDefinition(handle);
            Use(@event.Type);
            ReadAttributes(@event.GetCustomAttributes());
        }

        foreach (var handle in type.GetMethods())
        {
            var method = _reader.GetMethodDefinition(handle);
            Walk(method.Signature);
            ReadAttributes(method.GetCustomAttributes());
            ReadGenericParameters(method.GetGenericParameters());
            foreach (var parameter in method.GetParameters())
            {
                ReadAttributes(_reader.GetParameter(parameter).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress != 0)
            {
                ReadBody(pe.GetMethodBody(method.RelativeVirtualAddress));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadGenericParameters(GenericParameterHandleCollection parameters)
    {
        foreach (var handle in parameters)
        {
            var parameter = _reader.GetGenericParameter(handle);
            foreach (var constraint in parameter.GetConstraints())
            {
                Use(_reader.GetGenericParameterConstraint(constraint).Type);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadAttributes(CustomAttributeHandleCollection attributes)
    {
        foreach (var handle in attributes)
        {
            UseMember(_reader.GetCustomAttribute(handle).Constructor);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadBody(MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
        {
            Walk(_reader.GetStandaloneSignature(body.LocalSignature).Signature);
        }

        foreach (var region in body.ExceptionRegions)
        {
            Use(region.CatchType);
        }

        var sqlBefore = _sql.Count;
        _statementInBody = false;
        _assembleBody = false;
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            var operand = IlOperands.ReadOpCode(ref il);
            switch (operand)
            {
                case OperandType.InlineMethod:
                    var method = il.ReadInt32();
                    UseToken(method);

                    // Calls are looked at only after a literal that opens a statement: few bodies have one.
                    if (_statementInBody && !_assembleBody)
                    {
                        _assembleBody = _stringCalls.Builds(method);
                    }

                    break;
                case OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    UseToken(il.ReadInt32());
                    break;
                case OperandType.InlineString:
                    ReadString(il.ReadInt32());
                    break;
                case OperandType.InlineSig:
                    var signature = _reader.GetStandaloneSignature((StandaloneSignatureHandle)MetadataTokens.EntityHandle(il.ReadInt32()));
                    Walk(signature.Signature);
                    break;
                default:
                    IlOperands.Skip(ref il, operand);
                    break;
            }
        }

        if (_assembleBody)
        {
            AssembleStrings(body, sqlBefore);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadString(int token)
    {
        // Most literals recur (messages, names): each is read and judged once per assembly.
        var handle = (UserStringHandle)MetadataTokens.Handle(token);
        ref var judged = ref CollectionsMarshal.GetValueRefOrAddDefault(_literals, token, out _);
        if (judged == 0)
        {
            var text = _reader.GetUserString(handle);
            var opens = SqlDetector.StartsLikeStatement(text);
            judged = (int)(LiteralKind.Judged
                | (opens ? LiteralKind.OpensStatement : 0)
                | (opens && SqlDetector.LooksLikeSql(text) ? LiteralKind.Sql : 0));
        }

        var kind = (LiteralKind)judged;
        _statementInBody |= (kind & LiteralKind.OpensStatement) != 0;
        if ((kind & LiteralKind.Sql) != 0)
        {
            _sql.Add(new SqlText(_typeIndex[_currentType], _reader.GetUserString(handle)));
        }
    }

    /// <summary>
    /// A body that builds a string after a literal that opens a statement is read again, following its stack, for
    /// the strings it assembles; they replace the literals the first reading took one by one.
    /// </summary>
    private void AssembleStrings(MethodBodyBlock body, int sqlBefore)
    {
        _sql.RemoveRange(sqlBefore, _sql.Count - sqlBefore);
        _assembler ??= new StringAssembler(_reader, _stringCalls);
        foreach (var text in _assembler.Assemble(body))
        {
            if (SqlDetector.LooksLikeSql(text))
            {
                _sql.Add(new SqlText(_typeIndex[_currentType], text));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UseToken(int token)
    {
        var handle = MetadataTokens.EntityHandle(token);
        switch (handle.Kind)
        {
            case HandleKind.FieldDefinition:
                Found(DefinitionTarget(_fieldType[MetadataTokens.GetRowNumber(handle)]));
                break;
            case HandleKind.MethodSpecification:
                Replay(ref _methodSpecTargets[MetadataTokens.GetRowNumber(handle)], handle);
                break;
            case HandleKind.MethodDefinition or HandleKind.MemberReference:
                UseMember(handle);
                break;
            default:
                Use(handle);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UseMember(EntityHandle member)
    {
        if (member.Kind == HandleKind.MethodDefinition)
        {
            Found(DefinitionTarget(_methodType[MetadataTokens.GetRowNumber(member)]));
        }
        else if (member.Kind == HandleKind.MemberReference)
        {
            Replay(ref _memberTargets[MetadataTokens.GetRowNumber(member)], member);
        }
    }

    /// <summary>Records a use of a type given by a TypeDef, TypeRef or TypeSpec handle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Use(EntityHandle handle)
    {
        if (handle.IsNil)
        {
            return; // No base type (interfaces, System.Object), no catch type (finally blocks).
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                Found(DefinitionTarget(MetadataTokens.GetRowNumber(handle)));
                break;
            case HandleKind.TypeReference:
                Found(ReferenceTarget(MetadataTokens.GetRowNumber(handle)));
                break;
            case HandleKind.TypeSpecification:
                Replay(ref _specTargets[MetadataTokens.GetRowNumber(handle)], handle);
                break;
        }
    }

    /// <summary>
    /// Counts the module types behind a TypeSpec, MemberRef or MethodSpec. The same ones recur thousands
    /// of times in method bodies, so each is decoded once and its targets kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Replay(ref int[]? cached, EntityHandle handle)
    {
        if (cached is null)
        {
            // Decodes nest (a member's parent can be a TypeSpec): each one's targets follow the outer one's
            // in a shared buffer, so a decode allocates nothing but the array it keeps.
            var start = _captured.Count;
            _capturing++;
            Decode(handle);
            _capturing--;
            cached = Distinct(CollectionsMarshal.AsSpan(_captured)[start..]);
            _captured.RemoveRange(start, _captured.Count - start);
        }

        foreach (var target in cached)
        {
            Found(target);
        }
    }

    /// <summary>The targets once each, in order of first sight; a decode finds a handful at most.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] Distinct(ReadOnlySpan<int> targets)
    {
        if (targets.IsEmpty)
        {
            return [];
        }

        Span<int> distinct = targets.Length <= 64 ? stackalloc int[targets.Length] : new int[targets.Length];
        var count = 0;
        foreach (var target in targets)
        {
            if (!distinct[..count].Contains(target))
            {
                distinct[count++] = target;
            }
        }

        return distinct[..count].ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Decode(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeSpecification:
                SignatureWalker.WalkTypeSpecification(_reader.GetBlobReader(_reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature), new Sink(this)); // no header: a type
                break;
            case HandleKind.MemberReference:
                var parent = _reader.GetMemberReference((MemberReferenceHandle)handle).Parent;
                if (parent.Kind == HandleKind.MethodDefinition)
                {
                    UseMember(parent); // A vararg call site.
                }
                else
                {
                    Use(parent);
                }

                break;
            case HandleKind.MethodSpecification:
                var specification = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                UseMember(specification.Method);
                Walk(specification.Signature);
                break;
        }
    }

    /// <summary>A module type by its TypeDef row (positive), or 0 when it belongs to no module.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int DefinitionTarget(int row)
    {
        var top = _defTop[row];
        return _defModule[top] >= 0 ? top : 0;
    }

    /// <summary>
    /// A type by its TypeRef row (negative): of a module, or of another assembly outside every module (an
    /// external dependency); 0 for neither.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ReferenceTarget(int row)
    {
        var module = _refModule[row];
        if (module == Unresolved)
        {
            module = ResolveReference(row);
        }

        return module >= 0 || _refScope[row] > 0 ? -row : 0;
    }

    /// <summary>Counts a use of a target by the type being read, unless it is in the same module (or none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Found(int target)
    {
        if (target == 0)
        {
            return;
        }

        if (_capturing > 0)
        {
            _captured.Add(target);
            return;
        }

        var module = target > 0 ? _defModule[target] : _refModule[-target];
        if (module == Outside)
        {
            var scope = _refScope[-target];
            if (_externalUses[scope]++ == 0)
            {
                _externalTouched.Add(scope);
            }
        }
        else if (module != _currentModule)
        {
            var key = ((long)_currentType << 32) | (uint)target;
            CollectionsMarshal.GetValueRefOrAddDefault(_edges, key, out _)++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ResolveReference(int row)
    {
        // Walk out to the outermost type; its resolution scope names the assembly.
        var reference = _reader.GetTypeReference(MetadataTokens.TypeReferenceHandle(row));
        while (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            reference = _reader.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
        }

        var scope = reference.ResolutionScope;
        var scopeRow = scope.Kind switch
        {
            HandleKind.AssemblyReference => MetadataTokens.GetRowNumber(scope),
            HandleKind.ModuleDefinition or HandleKind.ModuleReference => 0,
            _ => -1,
        };

        if (scopeRow < 0)
        {
            _refModule[row] = Outside;
            return Outside;
        }

        // Thousands of references share a few (assembly, namespace) pairs: each is named and resolved once.
        var key = ((long)scopeRow << 32) | (uint)MetadataTokens.GetHeapOffset(reference.Namespace);
        ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(_scopes, key, out var seen);
        if (!seen)
        {
            var name = scopeRow == 0 ? _assembly : _reader.GetString(_reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
            var @namespace = _reader.GetString(reference.Namespace);
            var (resolved, resolvedPart) = Resolve(name, @namespace);
            known = (name, @namespace, resolved, resolvedPart);
        }

        var (assembly, ns, module, part) = known;
        _refModule[row] = module;
        _refPart[row] = part;
        _refScope[row] = scopeRow;
        if (module >= 0)
        {
            var name = _reader.GetString(reference.Name);
            _refName[row] = (assembly, ns.Length == 0 ? name : ns + "." + name);
        }

        return module;
    }

    /// <summary>Records every type a field, property, method, locals or method-specification signature names.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Walk(BlobHandle signature) => SignatureWalker.Walk(_reader.GetBlobReader(signature), new Sink(this));

    /// <summary>Every type a signature names is recorded as it is walked.</summary>
    internal readonly struct Sink(AssemblyScanner scanner) : ISignatureTypeSink
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Use(EntityHandle type) => scanner.Use(type);
    }
}
