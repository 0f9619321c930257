namespace Migration.Analysis.Modules;

/// <summary>Strongly connected components of the module graph (Tarjan), each with the edges that close it.</summary>
public static class Cycles
{
    public static IReadOnlyList<ModuleCycle> Find(IReadOnlyList<string> modules, IReadOnlyList<(string From, string To)> edges)
    {
        var index = modules.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var successors = modules.Select(_ => new List<int>()).ToArray();
        foreach (var edge in edges)
        {
            successors[index[edge.From]].Add(index[edge.To]);
        }

        var order = new int[modules.Count];
        var low = new int[modules.Count];
        var onStack = new bool[modules.Count];
        Array.Fill(order, -1);
        var stack = new Stack<int>();
        var components = new List<List<int>>();
        var counter = 0;

        for (var start = 0; start < modules.Count; start++)
        {
            if (order[start] < 0)
            {
                Visit(start);
            }
        }

        return components
            .Where(c => c.Count > 1)
            .Select(c =>
            {
                var members = c.Select(i => modules[i]).Order(StringComparer.Ordinal).ToList();
                var set = members.ToHashSet(StringComparer.Ordinal);
                return new ModuleCycle(members, [.. edges.Where(e => set.Contains(e.From) && set.Contains(e.To))]);
            })
            .OrderBy(c => c.Modules[0], StringComparer.Ordinal)
            .ToList();

        // Recursion depth is bounded by the number of modules, which is small.
        void Visit(int node)
        {
            order[node] = low[node] = counter++;
            stack.Push(node);
            onStack[node] = true;
            foreach (var next in successors[node])
            {
                if (order[next] < 0)
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack[next])
                {
                    low[node] = Math.Min(low[node], order[next]);
                }
            }

            if (low[node] == order[node])
            {
                var component = new List<int>();
                int member;
                do
                {
                    member = stack.Pop();
                    onStack[member] = false;
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }
    }
}

/// <summary>Modules that depend on each other in a circle, and the edges that form it.</summary>
public sealed record ModuleCycle(IReadOnlyList<string> Modules, IReadOnlyList<(string From, string To)> Edges);
