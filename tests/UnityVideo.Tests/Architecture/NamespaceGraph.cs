using System.Reflection;
using System.Reflection.Emit;

namespace UnityVideo.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which: every type's base type, interfaces, fields, properties, method and
/// constructor signatures, attributes, and the types, methods and fields its method bodies (IL) refer to.
/// </summary>
internal sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Edges: namespace → namespace it uses → one example "Type uses Type" for messages.</summary>
    public Dictionary<string, Dictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>The graph of <paramref name="assembly"/>'s namespaces under <paramref name="root"/>.</summary>
    public static NamespaceGraph Of(Assembly assembly, string root)
    {
        var graph = new NamespaceGraph();
        foreach (var type in assembly.GetTypes())
        {
            if (type.Namespace is not { } from || !Under(from, root)) continue;
            foreach (var used in Uses(type))
            {
                foreach (var t in Expand(used))
                {
                    if (t.Namespace is not { } to || to == from || !Under(to, root) || t.Assembly != assembly) continue;
                    var edges = graph.Edges.TryGetValue(from, out var e) ? e : graph.Edges[from] = new(StringComparer.Ordinal);
                    edges.TryAdd(to, $"{Outer(type).Name} uses {Outer(t).Name}");
                }
            }
        }
        return graph;
    }

    /// <summary>Every cycle among the namespaces (strongly connected components of more than one), as readable lines.</summary>
    public IReadOnlyList<string> Cycles()
    {
        var nodes = Edges.Keys.Concat(Edges.Values.SelectMany(e => e.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var cycles = new List<string>();
        foreach (var component in StronglyConnected(nodes).Where(c => c.Count > 1))
        {
            var links = component.SelectMany(a => Edges.GetValueOrDefault(a, [])
                    .Where(e => component.Contains(e.Key))
                    .Select(e => $"{Short(a)} → {Short(e.Key)} ({e.Value})"))
                .Order(StringComparer.Ordinal);
            cycles.Add($"{{{string.Join(", ", component.Select(Short).Order(StringComparer.Ordinal))}}}: {string.Join("; ", links)}");
        }
        return cycles;
    }

    private static string Short(string ns) => ns.Split('.')[^1];

    private static bool Under(string ns, string root) => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    private static Type Outer(Type t)
    {
        while (t.DeclaringType is { } d) t = d;
        return t;
    }

    private static IEnumerable<Type> Expand(Type t)
    {
        if (t.HasElementType) { foreach (var e in Expand(t.GetElementType()!)) yield return e; yield break; }
        if (t.IsGenericParameter) yield break;
        yield return t;
        if (t.IsGenericType && !t.IsGenericTypeDefinition)
            foreach (var a in t.GetGenericArguments()) foreach (var e in Expand(a)) yield return e;
    }

    private static IEnumerable<Type> Uses(Type type)
    {
        if (type.BaseType is { } b) yield return b;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var a in type.GetCustomAttributesData()) yield return a.AttributeType;
        foreach (var f in type.GetFields(All)) yield return f.FieldType;
        foreach (var p in type.GetProperties(All)) yield return p.PropertyType;
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) yield return mi.ReturnType;
            foreach (var p in m.GetParameters()) yield return p.ParameterType;
            foreach (var t in BodyUses(m)) yield return t;
        }
    }

    // Walks the IL and resolves every type, method and field token the body refers to.
    private static IEnumerable<Type> BodyUses(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            var size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try { member = module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs); }
                catch (ArgumentException) { }
                switch (member)
                {
                    case Type t: yield return t; break;
                    case FieldInfo f: yield return f.DeclaringType!; yield return f.FieldType; break;
                    case MethodBase m:
                        if (m.DeclaringType is { } dt) yield return dt;
                        if (m is MethodInfo mi) yield return mi.ReturnType;
                        if (m.IsGenericMethod && !m.IsGenericMethodDefinition) foreach (var a in m.GetGenericArguments()) yield return a;
                        break;
                }
            }
            i += size;
        }
    }

    // Tarjan's algorithm.
    private List<HashSet<string>> StronglyConnected(List<string> nodes)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<HashSet<string>>();
        var next = 0;
        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Edges.GetValueOrDefault(v, []).Keys)
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new HashSet<string>(StringComparer.Ordinal);
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            result.Add(component);
        }
        foreach (var n in nodes) if (!index.ContainsKey(n)) Visit(n);
        return result;
    }
}
