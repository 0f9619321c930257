using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Migration.Analysis.Modules;

namespace Migration.Analysis.Reading;

/// <summary>
/// Reads one assembly's metadata (System.Reflection.Metadata; nothing is loaded or run) and records,
/// for every type in a module, which types of other modules it uses: in base types, interfaces, generic
/// constraints, fields, properties, events, method signatures and locals, attributes, and method bodies
/// (calls, object creation, field access, casts, typeof). One scanner per file; not thread-safe.
/// </summary>
internal sealed class AssemblyScanner : ISignatureTypeProvider<int, object?>
{
    private const int Unresolved = -2;
    private const int Outside = -1;

    private readonly ModuleMap _map;
    private readonly MetadataReader _reader;
    private readonly string _assembly;
    private readonly int[] _defTop;          // TypeDef row -> row of its outermost declaring type
    private readonly int[] _defModule;       // TypeDef row -> module of the outermost type, or Outside
    private readonly ModulePart[] _defPart;
    private readonly int[] _refModule;       // TypeRef row -> module of its outermost type, Outside or Unresolved
    private readonly ModulePart[] _refPart;
    private readonly (string Assembly, string FullName)[] _refName;
    private readonly Dictionary<(string Assembly, string Namespace), (int Module, ModulePart Part)> _resolved = [];
    private readonly Dictionary<long, int> _edges = [];
    private readonly List<SqlText> _sql = [];
    private readonly Dictionary<int, int> _typeIndex = [];   // top TypeDef row -> index in Types
    private readonly List<ScannedType> _types = [];
    private int _currentType = -1;                             // top TypeDef row being read
    private int _currentModule = Outside;

    private AssemblyScanner(MetadataReader reader, ModuleMap map)
    {
        _reader = reader;
        _map = map;
        _assembly = reader.GetString(reader.GetAssemblyDefinition().Name);
        var defs = reader.TypeDefinitions.Count + 1;
        var refs = reader.TypeReferences.Count + 1;
        _defTop = new int[defs];
        _defModule = new int[defs];
        _defPart = new ModulePart[defs];
        _refModule = new int[refs];
        _refPart = new ModulePart[refs];
        _refName = new (string, string)[refs];
        Array.Fill(_refModule, Unresolved);
    }

    /// <summary>Scans an assembly file.</summary>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly, or its metadata is corrupt.</exception>
    public static ScannedAssembly Scan(string path, ModuleMap map)
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

        var scanner = new AssemblyScanner(reader, map);
        return scanner.Run(pe, path);
    }

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
        return new ScannedAssembly(_assembly, path, _types, references, _sql, referenced);
    }

    private void ResolveDefinitions()
    {
        foreach (var handle in _reader.TypeDefinitions)
        {
            var row = MetadataTokens.GetRowNumber(handle);
            var top = handle;
            var definition = _reader.GetTypeDefinition(top);
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

    private (int Module, ModulePart Part) Resolve(string assembly, string ns)
    {
        if (!_resolved.TryGetValue((assembly, ns), out var result))
        {
            result = _map.TryResolve(assembly, ns, out var module, out var part) ? (module, part) : (Outside, ModulePart.Implementation);
            _resolved[(assembly, ns)] = result;
        }

        return result;
    }

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
            field.DecodeSignature(this, null);
            ReadAttributes(field.GetCustomAttributes());
        }

        foreach (var handle in type.GetProperties())
        {
            var property = _reader.GetPropertyDefinition(handle);
            property.DecodeSignature(this, null);
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
            method.DecodeSignature(this, null);
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

    private void ReadAttributes(CustomAttributeHandleCollection attributes)
    {
        foreach (var handle in attributes)
        {
            UseMember(_reader.GetCustomAttribute(handle).Constructor);
        }
    }

    private void ReadBody(MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
        {
            var locals = _reader.GetStandaloneSignature(body.LocalSignature);
            locals.DecodeLocalSignature(this, null);
        }

        foreach (var region in body.ExceptionRegions)
        {
            Use(region.CatchType);
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            var operand = IlOperands.ReadOpCode(ref il);
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    UseToken(il.ReadInt32());
                    break;
                case OperandType.InlineString:
                    ReadString(il.ReadInt32());
                    break;
                case OperandType.InlineSig:
                    var signature = _reader.GetStandaloneSignature((StandaloneSignatureHandle)MetadataTokens.EntityHandle(il.ReadInt32()));
                    signature.DecodeMethodSignature(this, null);
                    break;
                default:
                    IlOperands.Skip(ref il, operand);
                    break;
            }
        }
    }

    private void ReadString(int token)
    {
        var text = _reader.GetUserString((UserStringHandle)MetadataTokens.Handle(token));
        if (SqlDetector.LooksLikeSql(text))
        {
            _sql.Add(new SqlText(_typeIndex[_currentType], text));
        }
    }

    private void UseToken(int token)
    {
        var handle = MetadataTokens.EntityHandle(token);
        switch (handle.Kind)
        {
            case HandleKind.FieldDefinition:
                Use(_reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MethodSpecification:
                var specification = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                UseMember(specification.Method);
                specification.DecodeSignature(this, null);
                break;
            case HandleKind.MethodDefinition or HandleKind.MemberReference:
                UseMember(handle);
                break;
            default:
                Use(handle);
                break;
        }
    }

    private void UseMember(EntityHandle member)
    {
        if (member.Kind == HandleKind.MethodDefinition)
        {
            Use(_reader.GetMethodDefinition((MethodDefinitionHandle)member).GetDeclaringType());
        }
        else if (member.Kind == HandleKind.MemberReference)
        {
            var parent = _reader.GetMemberReference((MemberReferenceHandle)member).Parent;
            if (parent.Kind == HandleKind.MethodDefinition)
            {
                Use(_reader.GetMethodDefinition((MethodDefinitionHandle)parent).GetDeclaringType());
            }
            else
            {
                Use(parent);
            }
        }
    }

    /// <summary>Records a use of a type given by a TypeDef, TypeRef or TypeSpec handle.</summary>
    private void Use(EntityHandle handle)
    {
        if (handle.IsNil)
        {
            return; // No base type (interfaces, System.Object), no catch type (finally blocks).
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                UseDefinition(MetadataTokens.GetRowNumber(handle));
                break;
            case HandleKind.TypeReference:
                UseReference(MetadataTokens.GetRowNumber(handle));
                break;
            case HandleKind.TypeSpecification:
                _reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                break;
        }
    }

    private void UseDefinition(int row)
    {
        var top = _defTop[row];
        if (_defModule[top] >= 0 && _defModule[top] != _currentModule)
        {
            Count(top);
        }
    }

    private void UseReference(int row)
    {
        var module = _refModule[row];
        if (module == Unresolved)
        {
            module = ResolveReference(row);
        }

        if (module >= 0 && module != _currentModule)
        {
            Count(-row);
        }
    }

    private void Count(int target)
    {
        var key = ((long)_currentType << 32) | (uint)target;
        _edges[key] = _edges.GetValueOrDefault(key) + 1;
    }

    private int ResolveReference(int row)
    {
        // Walk out to the outermost type; its resolution scope names the assembly.
        var reference = _reader.GetTypeReference(MetadataTokens.TypeReferenceHandle(row));
        while (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            reference = _reader.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
        }

        var scope = reference.ResolutionScope;
        var assembly = scope.Kind switch
        {
            HandleKind.AssemblyReference => _reader.GetString(_reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name),
            HandleKind.ModuleDefinition or HandleKind.ModuleReference => _assembly,
            _ => null,
        };

        if (assembly is null)
        {
            _refModule[row] = Outside;
            return Outside;
        }

        var ns = _reader.GetString(reference.Namespace);
        var (module, part) = Resolve(assembly, ns);
        _refModule[row] = module;
        _refPart[row] = part;
        if (module >= 0)
        {
            var name = _reader.GetString(reference.Name);
            _refName[row] = (assembly, ns.Length == 0 ? name : ns + "." + name);
        }

        return module;
    }

    // ISignatureTypeProvider: every named type in a signature is recorded as it is decoded.
    public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        UseDefinition(MetadataTokens.GetRowNumber(handle));
        return 0;
    }

    public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        UseReference(MetadataTokens.GetRowNumber(handle));
        return 0;
    }

    public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
    {
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        return 0;
    }

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
}
