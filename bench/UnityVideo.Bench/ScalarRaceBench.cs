using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Bench;

/// <summary>
/// Checks TorchSharp's Scalar lifetime: an implicit Scalar (<c>t.mul(2.5f)</c>, or the alpha = 1 that
/// <c>t.add(u)</c> makes) is unreachable once its handle is passed to native code, so a collection set off by another
/// thread can let its finalizer free it before libtorch reads it. Counts failed and wrong results of tiny ops with
/// temporary Scalars against the same ops with held ones, while other threads allocate. A TorchSharp that keeps its
/// Scalars alive shows no failures in either arm; then the test suite can run its collections in parallel again.
/// </summary>
internal sealed class ScalarRaceBench : IBenchmark
{
    public string Name => "scalar-race";

    public string Description => "failed/wrong tiny ops with temporary vs held Scalars while other threads allocate (args: [seconds per arm=10] [allocating threads=2])";

    public object Run(IReadOnlyList<string> args)
    {
        var seconds = args.Count > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var allocators = args.Count > 1 ? BenchArgs.Int(args[1]) : 2;
        torch.set_num_threads(1);
        return new Dictionary<string, object>
        {
            ["seconds_per_arm"] = seconds,
            ["allocating_threads"] = allocators,
            ["temporary_scalars"] = Arm(held: false, seconds, allocators),
            ["held_scalars"] = Arm(held: true, seconds, allocators),
        };
    }

    private static Dictionary<string, long> Arm(bool held, double seconds, int allocators)
    {
        using var x = zeros(4);
        using var y = ones(4);
        using Scalar one = 1, factor = 2.5f;
        var stop = 0;
        var threads = Enumerable.Range(0, allocators).Select(_ => new Thread(() =>
        {
            object? last = null;
            while (Volatile.Read(ref stop) == 0)
                for (var i = 0; i < 1000; i++) last = new byte[64 + i % 512];
            GC.KeepAlive(last);
        }) { IsBackground = true }).ToList();
        var gcBefore = GC.CollectionCount(0);
        threads.ForEach(t => t.Start());
        long calls = 0, failed = 0, wrong = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 1000; i++, calls++)
            {
                try
                {
                    using var scope = NewDisposeScope();
                    var r = held ? x.add(y, one).mul(factor) : x.add(y).mul(2.5f);
                    if (r[0].item<float>() != 2.5f) wrong++;
                }
                catch (ExternalException) { failed++; }
            }
        }
        Volatile.Write(ref stop, 1);
        threads.ForEach(t => t.Join());
        return new() { ["calls"] = calls, ["failed"] = failed, ["wrong"] = wrong, ["collections"] = GC.CollectionCount(0) - gcBefore };
    }
}
