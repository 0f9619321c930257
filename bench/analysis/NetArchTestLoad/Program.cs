// NetArchTest on the same input: load each assembly (Mono.Cecil) and list its types, the first thing any
// of its rules does. Files it cannot load are counted, not fatal.
//   default           as a user would run it: NetArchTest leaves out types in System.* and Microsoft.*
//                     namespaces, which on the shared frameworks is nearly all of them
//   --all-namespaces  with System and Microsoft taken out of that exclusion (through reflection, for this
//                     benchmark only), so it lists the types the analysis reads
using System.Reflection;
using NetArchTest.Rules;

var allNamespaces = args.Contains("--all-namespaces");
var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))
    .SelectMany(a => Directory.Exists(a) ? Directory.GetFiles(a, "*.dll") : [a]).ToList();
if (allNamespaces)
{
    // Only System and Microsoft go: the rest of its list stays excluded, <Module> among them, which
    // reflection cannot load from a facade.
    const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
    var exclusions = (List<string>)typeof(Types).GetField("_exclusionList", Private)!.GetValue(null)!;
    exclusions.RemoveAll(name => name is "System" or "Microsoft");
    var tree = typeof(Types).GetField("_exclusionTree", Private)!.GetValue(null)!;
    var rebuilt = Activator.CreateInstance(tree.GetType(), Private | BindingFlags.Public, null, [exclusions, false], null)!;
    foreach (var field in tree.GetType().GetFields(BindingFlags.NonPublic | BindingFlags.Instance))
    {
        field.SetValue(tree, field.GetValue(rebuilt));
    }
}

int types = 0, failed = 0;
foreach (var file in files)
{
    try
    {
        types += Types.FromFile(file).GetTypes().Count();
    }
    catch (Exception)
    {
        failed++;
    }
}

Console.WriteLine($"{files.Count} files, {types} types listed, {failed} files NetArchTest could not load{(allNamespaces ? " (all namespaces)" : "")}");
