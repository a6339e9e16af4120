using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Host.Benchmarks;

namespace UnityVideo.Cli.Commands;

/// <summary>
/// <c>unityvideo bench train|sample|synth [--preset P] [--device D] [--batch N] [--steps N] [--json]</c>: the
/// Host's <see cref="BenchmarkService"/> measures, this prints the figures (JSON fields in snake_case).
/// </summary>
internal static class BenchCommand
{
    /// <summary>The benchmark kinds, in the order the help lists them.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["train", "sample", "synth"];

    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "train (ms/step, tokens/s, GFLOP/s, MFU), sample (s/clip at 10 and 20 steps) or synth (clips/s)." };
        var preset = new Option<string?>("--preset") { Description = "Model preset (Model:Preset); train and sample.", HelpName = "NAME" };
        var device = DeviceOption.Create("train and sample");
        var batch = new Option<int?>("--batch")
        {
            Description = "Clips per training step (default Training:BatchSize), clips sampled together (default 1), or synthetic clips per timed batch (default 64 at 64², 4 at 256²).",
            HelpName = "N",
        };
        var steps = new Option<int?>("--steps")
        {
            Description = "Timed repeats after the warm-up: training steps (default 5), sampling runs per figure (default 3) or synthetic batches (default 3); the median is reported.",
            HelpName = "N",
        };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a listing." };

        var bench = new Command("bench", "Measure training, sampling or synthetic-data throughput on this machine (peak memory included).")
        {
            kind, preset, device, batch, steps, json,
        };
        bench.SetAction(parse => CliErrors.Run(() =>
        {
            var which = parse.GetValue(kind)!;
            if (!Kinds.Contains(which, StringComparer.Ordinal))
                throw new CliUsageException($"unknown benchmark '{which}'; choose one of: {string.Join(", ", Kinds)}.");
            var n = parse.GetValue(batch);
            if (n is < 1) throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"--batch must be at least 1 (got {n})."));
            var repeats = parse.GetValue(steps);
            if (repeats is < 1) throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"--steps must be at least 1 (got {repeats})."));

            var overrides = new List<(string, string)>();
            if (parse.GetValue(preset) is { } p) overrides.Add((preset.Name, $"Model:Preset={p}"));
            overrides.AddRange(DeviceOption.Override(parse, device));
            using var services = CliHost.BuildForPixelDiT(GlobalOptions.Sources(parse, overrides), "bench");
            var service = services.GetRequiredService<BenchmarkService>();
            object result = which switch
            {
                "train" => service.Train(n, repeats),
                "sample" => service.Sample(n, repeats),
                _ => service.Synth(n, repeats),
            };

            var text = JsonSerializer.Serialize(result, result.GetType(), CliJson.Options);
            if (parse.GetValue(json))
            {
                Console.WriteLine(text);
                return 0;
            }
            using var doc = JsonDocument.Parse(text);
            var fields = doc.RootElement.EnumerateObject().ToList();
            var width = fields.Max(f => f.Name.Length);
            foreach (var f in fields) Console.WriteLine($"{f.Name.PadRight(width)}  {f.Value}");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));
        return bench;
    }
}
