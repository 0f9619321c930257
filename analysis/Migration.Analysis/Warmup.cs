using System.Reflection;
using System.Runtime.CompilerServices;
using Migration.Analysis.Graph;
using Migration.Analysis.Reading;
using Migration.Analysis.Reports;
using Migration.Analysis.Stages;

namespace Migration.Analysis;

/// <summary>
/// Compiles the analysis ahead of its first call. Started while a command is still parsing its options
/// and reading its module map, it gives the second core, idle until the scan, the compilation that would
/// otherwise stall the scan's first assemblies and the single-threaded report after it.
/// </summary>
public static class Warmup
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    /// <summary>Starts compiling on a background thread (not a pool thread: the scan wants those) and returns at once.</summary>
    public static void Start() => new Thread(() =>
    {
        try
        {
            Compile();
        }
        catch (Exception)
        {
            // Only a head start: whatever is not compiled here is compiled at its first call, as usual.
        }
    }) { IsBackground = true, Name = "Analysis warm-up" }.Start();

    /// <summary>The compilation itself, on the calling thread; it throws what Start swallows.</summary>
    internal static void Compile()
    {
        // The scan and the fold, in the optimised form their [AggressiveOptimization] asks for.
        Type[] hot = [typeof(AssemblyScanner), typeof(IlOperands), typeof(SignatureWalker), typeof(ModuleGraph), typeof(ReportBuilder)];
        foreach (var method in hot.SelectMany(type => type.GetMethods(Declared))
            .Where(m => (m.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0))
        {
            if (method.IsGenericMethodDefinition)
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle, [typeof(AssemblyScanner.Sink).TypeHandle]); // SignatureWalker's only instantiation
            }
            else
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }

        // What runs after the scan on one thread: building the report (lambdas included) and its JSON contract.
        Type[] after = [typeof(Analyzer), typeof(ReportBuilder), typeof(Modules.Cycles), typeof(Scenario)];
        foreach (var method in after.SelectMany(type => type.GetNestedTypes(Declared).Append(type)).SelectMany(type => type.GetMethods(Declared))
            .Where(m => !m.IsAbstract && !m.IsGenericMethodDefinition && !m.DeclaringType!.IsGenericTypeDefinition))
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
        }

        JsonReport.Options.MakeReadOnly(populateMissingResolver: true);
        foreach (var type in (Type[])[typeof(AnalysisReport), typeof(ModuleReport), typeof(EdgeReport), typeof(CycleReport),
            typeof(TableReport), typeof(TableUseReport), typeof(Blocker), typeof(ReadinessEntry)])
        {
            JsonReport.Options.GetTypeInfo(type);
        }
    }
}
