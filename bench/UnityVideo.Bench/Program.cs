using System.Text.Json;
using UnityVideo.Bench;
using UnityVideo.Core.Native;

// Usage: dotnet run -c Release --project bench/UnityVideo.Bench -- <name> [args...]
// The measurements live in UnityVideo.Host.Benchmarks, shared with `unityvideo bench`.
TorchNativeLoader.EnsureLoaded();
var benches = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || benches.All(b => b.Name != args[0]))
{
    Console.Error.WriteLine("usage: UnityVideo.Bench <benchmark> [args...]\n\nbenchmarks:");
    foreach (var b in benches) Console.Error.WriteLine($"  {b.Name,-12} {b.Description}");
    return args.Length == 0 ? 0 : 2;
}

var result = benches.Single(b => b.Name == args[0]).Run(args.Skip(1).ToList());
Console.WriteLine(JsonSerializer.Serialize(result, result.GetType(), new JsonSerializerOptions { WriteIndented = true }));
return 0;
