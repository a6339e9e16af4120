using System.Diagnostics;
using TorchSharp;
using UnityVideo.Core;
using UnityVideo.Core.Model;
using UnityVideo.Core.Native;
using UnityVideo.Host.Benchmarks;

namespace UnityVideo.Bench;

/// <summary>
/// fp32 against bf16 linear layers (<see cref="DiTConfig.BlockPrecision"/>): two models of the configured preset, their
/// training steps interleaved one by one in this process, so both see the same machine; on a shared machine whose speed
/// drifts by tens of per cent over a minute, runs one after another cannot resolve a 10–20 % difference.
/// </summary>
internal sealed class BlockPrecisionBench : IBenchmark
{
    public string Name => "block-precision";

    public string Description => "training ms/step with the blocks' linear layers in fp32 and in bf16, steps interleaved; the median of the per-pair ratios (args: [preset=tiny] [device=cpu] [batch=2] [pairs=30])";

    public object Run(IReadOnlyList<string> args)
    {
        var (setup, training, _) = BenchArgs.Setup(args, batch: 2, repeats: 30);
        setup.Validate();
        var arms = new[] { DiTConfig.Fp32, DiTConfig.Bf16 }.Select(precision =>
        {
            var config = setup.Config.Clone();
            config.BlockPrecision = precision;
            return new BenchmarkTrainingStep(setup, config, training);
        }).ToArray();
        try
        {
            double Time(BenchmarkTrainingStep arm)
            {
                var clock = Stopwatch.StartNew();
                arm.Step();
                return clock.Elapsed.TotalSeconds;
            }
            for (var i = 0; i < TrainStepBenchmark.WarmupSteps + 2; i++) foreach (var arm in arms) Time(arm);
            var fp32 = new List<double>();
            var bf16 = new List<double>();
            for (var pair = 0; pair < setup.Repeats; pair++)
            {
                fp32.Add(Time(arms[0]));
                bf16.Add(Time(arms[1]));
            }
            return new Dictionary<string, object>
            {
                ["preset"] = setup.Preset, ["device"] = setup.Device.ToString(), ["threads"] = torch.get_num_threads(), ["batch"] = setup.Batch,
                ["pairs"] = setup.Repeats, ["cpu_bf16_in_hardware"] = CpuFeatures.HasBf16Products,
                ["ms_per_step_fp32"] = Math.Round(SampleStatistics.Median(fp32) * 1000, 1),
                ["ms_per_step_bf16"] = Math.Round(SampleStatistics.Median(bf16) * 1000, 1),
                ["median_ratio_bf16_to_fp32"] = Math.Round(SampleStatistics.Median(fp32.Zip(bf16, (a, b) => b / a).ToList()), 3),
            };
        }
        finally
        {
            foreach (var arm in arms) arm.Dispose();
        }
    }
}
