using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using TorchSharp;
using UnityVideo.Core.Data;
using UnityVideo.Core.Evaluation;
using UnityVideo.Core.Inference;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Host.Inference;
using UnityVideo.Host.Plugins;

namespace UnityVideo.Cli.Commands;

/// <summary><c>unityvideo eval</c>: UniBench over a held-out dataset, and scoring one prediction file (<c>eval score</c>).</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = InferenceOptions.Checkpoint(required: false);
        var data = new Option<string?>("--data") { Description = "Held-out dataset folder (clips of the model's size).", HelpName = "DIR" };
        var outDir = new Option<string?>("--out") { Description = "Report folder: report.json, report.md, panels/.", HelpName = "DIR" };
        var clips = new Option<int>("--clips") { Description = "Evaluate the first N clips (0 = all).", DefaultValueFactory = _ => 0, HelpName = "N" };
        var format = InferenceOptions.Format("Panels: mp4 and/or gif (a PNG of the middle frame is always written; default both).");
        var (steps, sampler, seed, force) = (InferenceOptions.Steps(), InferenceOptions.Sampler(), InferenceOptions.Seed(), InferenceOptions.Force());
        var wan = InferenceOptions.WanFiles();
        var (device, panels) = (DeviceOption.Create(), InferenceOptions.Panels());

        var eval = new Command("eval", "UniBench: evaluate a checkpoint on held-out clips (estimation, control fidelity, joint consistency, video statistics, baselines); `eval score` scores one prediction file.")
        {
            checkpoint, data, outDir, clips, format, panels, steps, sampler, seed, device, force, wan.Vae, wan.TextEmbeddings,
        };
        eval.SetAction(parse => CliErrors.Run(() =>
        {
            string Required(Option<string?> o) => parse.GetValue(o) ?? throw new CliUsageException($"{o.Name} is required (see `unityvideo eval --help`).");
            var ckpt = parse.GetValue(checkpoint) ?? throw new CliUsageException("--checkpoint is required (see `unityvideo eval --help`).");
            var dataDir = Required(data);
            var folder = InferenceOptions.OutputFolder(Required(outDir));
            var formats = InferenceOptions.Formats(parse, format, OutputFormats.Mp4 | OutputFormats.Gif);
            if ((formats & (OutputFormats.Png | OutputFormats.Safetensors)) != 0) throw new CliUsageException("--format of eval panels is mp4 and/or gif.");
            var panelClips = InferenceOptions.PanelClips(parse, panels);
            var videoPanels = formats.HasFlag(OutputFormats.Mp4);
            if (parse.GetValue(clips) < 0) throw new CliUsageException($"--clips must be ≥ 0 (got {parse.GetValue(clips)}).");
            if (!Directory.Exists(dataDir)) throw new CliUsageException($"--data: dataset folder {Path.GetFullPath(dataDir)} does not exist.");
            var overrides = InferenceOptions.Overrides(parse, steps, sampler, seed);
            CheckOutput(folder, Benchmark.JsonFile, Benchmark.MarkdownFile, "a report", parse.GetValue(force));

            using var services = CliHost.Build(GlobalOptions.Sources(parse, [.. InferenceOptions.WanOverrides(parse, wan), .. DeviceOption.Override(parse, device)]));
            foreach (var w in services.GetRequiredService<PluginCatalog>().Warnings) Console.Error.WriteLine($"warning: {w}");
            var pipeline = services.GetRequiredService<UnityVideoPipeline>();
            var count = ClipDataset.Open(dataDir).Count;
            var total = parse.GetValue(clips) > 0 ? Math.Min(parse.GetValue(clips), count) : count;
            var report = CliProgress.Run("eval clips", total, progress =>
                pipeline.Evaluate(ckpt, dataDir, folder, parse.GetValue(clips), overrides, parse.GetValue(force), progress, videoPanels: videoPanels, panelClips: panelClips));
            Console.WriteLine($"model: {report.Checkpoint} ({report.Weights} weights)");
            PrintSection("estimation", report.Estimation);
            PrintSection("control", report.Control);
            PrintSection("joint", report.Joint);
            foreach (var (m, byName) in report.Baselines)
                foreach (var (b, values) in byName) PrintSection($"baseline {b}", new Dictionary<string, Dictionary<string, double>> { [m] = values });
            PrintSection("video", report.Video);
            foreach (var (k, note) in report.VideoNotes) Console.WriteLine($"note: {k}: {note}");
            Console.WriteLine($"wrote {Path.Combine(folder, Benchmark.JsonFile)}");
            Console.WriteLine($"wrote {Path.Combine(folder, Benchmark.MarkdownFile)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {report.Panels.Count} panels in {Path.Combine(folder, Benchmark.PanelFolder)}"));
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));
        eval.Add(CreateScore());
        eval.Add(CreateCurve());
        return eval;
    }

    private static Command CreateCurve()
    {
        var run = new Option<string>("--run") { Description = "Training run folder (its checkpoints/ are evaluated; train with a Training:KeepCheckpoints that keeps the steps you want).", Required = true, HelpName = "DIR" };
        var data = new Option<string>("--data") { Description = "Held-out dataset folder; every checkpoint is scored on the same clips.", Required = true, HelpName = "DIR" };
        var outDir = new Option<string>("--out") { Description = "Curve folder: curve.md, curve.json, curve-<modality>.png, and one UniBench report per checkpoint (step-NNNNNN/).", Required = true, HelpName = "DIR" };
        var at = new Option<string?>("--at") { Description = "Checkpoints to evaluate, comma-separated: steps (500,1000) or training times (15m,30m,1h,2h: the checkpoint whose summed step time is nearest). Default: every checkpoint the run keeps.", HelpName = "LIST" };
        var clips = new Option<int>("--clips") { Description = "Evaluate the first N clips at every checkpoint (0 = all).", DefaultValueFactory = _ => 0, HelpName = "N" };
        var format = InferenceOptions.Format("Panels of each checkpoint: mp4 and/or gif (a PNG of the middle frame is always written; default both).");
        var (steps, sampler, seed, force) = (InferenceOptions.Steps(), InferenceOptions.Sampler(), InferenceOptions.Seed(), InferenceOptions.Force());
        var (device, panels) = (DeviceOption.Create(), InferenceOptions.Panels());

        var curve = new Command("curve", "Learning curve: evaluate a run's checkpoints on the same held-out clips and plot each modality's metric against the training step (estimation, the estimate from another clip's video, control, joint).")
        {
            run, data, outDir, at, clips, format, panels, steps, sampler, seed, device, force,
        };
        curve.SetAction(parse => CliErrors.Run(() =>
        {
            var folder = InferenceOptions.OutputFolder(parse.GetValue(outDir)!);
            var formats = InferenceOptions.Formats(parse, format, OutputFormats.Mp4 | OutputFormats.Gif);
            if ((formats & (OutputFormats.Png | OutputFormats.Safetensors)) != 0) throw new CliUsageException("--format of eval curve panels is mp4 and/or gif.");
            var panelClips = InferenceOptions.PanelClips(parse, panels);
            if (parse.GetValue(clips) < 0) throw new CliUsageException($"--clips must be ≥ 0 (got {parse.GetValue(clips)}).");
            var dataDir = parse.GetValue(data)!;
            if (!Directory.Exists(dataDir)) throw new CliUsageException($"--data: dataset folder {Path.GetFullPath(dataDir)} does not exist.");
            var points = (parse.GetValue(at) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var overrides = InferenceOptions.Overrides(parse, steps, sampler, seed);
            CheckOutput(folder, LearningCurve.JsonFile, LearningCurve.MarkdownFile, "a curve", parse.GetValue(force));

            using var services = CliHost.BuildForPixelDiT(GlobalOptions.Sources(parse, DeviceOption.Override(parse, device)), "eval curve");
            foreach (var w in services.GetRequiredService<PluginCatalog>().Warnings) Console.Error.WriteLine($"warning: {w}");
            var pipeline = services.GetRequiredService<UnityVideoPipeline>();
            var kept = RunCheckpoints.List(parse.GetValue(run)!);
            IReadOnlyList<RunCheckpoint> chosen;
            try
            {
                chosen = RunCheckpoints.Select(kept, points);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException($"--at: {e.Message}");
            }
            var count = ClipDataset.Open(dataDir).Count;
            var perPoint = parse.GetValue(clips) > 0 ? Math.Min(parse.GetValue(clips), count) : count;
            Console.WriteLine($"evaluating {chosen.Count} checkpoints (steps {string.Join(", ", chosen.Select(c => c.Step))}) on {perPoint} clips each");
            var result = CliProgress.Run("eval curve clips", chosen.Count * perPoint, progress =>
                pipeline.EvaluateRun(parse.GetValue(run)!, chosen, dataDir, folder, parse.GetValue(clips), overrides, parse.GetValue(force), progress,
                    videoPanels: formats.HasFlag(OutputFormats.Mp4), panelClips: panelClips));
            foreach (var m in result.Modalities)
            {
                var metric = result.PrimaryMetric(m);
                var own = result.Series(m, "estimation");
                var other = result.Series(m, Benchmark.OtherClipBaseline).ToDictionary(p => p.Step, p => p.Value);
                Console.WriteLine($"{m} {metric}: " + string.Join(", ", own.Select(p =>
                    string.Create(CultureInfo.InvariantCulture, $"step {p.Step} {p.Value:0.0000}") + (other.TryGetValue(p.Step, out var o) ? string.Create(CultureInfo.InvariantCulture, $" (other clip {o:0.0000})") : ""))));
            }
            Console.WriteLine($"wrote {Path.Combine(folder, LearningCurve.MarkdownFile)}");
            Console.WriteLine($"wrote {Path.Combine(folder, LearningCurve.JsonFile)}");
            foreach (var m in result.Modalities) Console.WriteLine($"wrote {Path.Combine(folder, LearningCurve.PlotFile(m))}");
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));
        return curve;
    }

    /// <summary>
    /// Refuses an output folder that holds <paramref name="json"/> or <paramref name="markdown"/>, unless
    /// <paramref name="force"/>; even then only when the JSON file (which marks output this project wrote) is there,
    /// so a user's own Markdown file is never overwritten.
    /// </summary>
    private static void CheckOutput(string folder, string json, string markdown, string what, bool force)
    {
        var existing = new[] { json, markdown }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);
        if (existing is null) return;
        if (!File.Exists(Path.Combine(folder, json)))
            throw new CliUsageException($"'{existing}' exists and is not part of {what} this project wrote; choose another --out folder.");
        if (!force) throw new CliUsageException($"'{existing}' exists; choose another --out folder or add --force.");
    }

    private static void PrintSection(string title, Dictionary<string, Dictionary<string, double>> table)
    {
        foreach (var (m, values) in table)
            Console.WriteLine($"{title} {m}: " + string.Join(", ", values.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0.0000}"))));
    }

    private static Command CreateScore()
    {
        var modality = new Option<string>("--modality") { Description = "Modality to score, e.g. depth (see `unityvideo plugins list`).", Required = true, HelpName = "NAME" };
        var pred = new Option<string>("--pred") { Description = "Prediction file (.safetensors) holding the modality's storage tensor, e.g. 'depth' or 'joints'.", Required = true, HelpName = "FILE" };
        var gt = new Option<string>("--gt") { Description = "Ground-truth file (.safetensors), e.g. a dataset clip from `data synth`.", Required = true, HelpName = "FILE" };
        var align = new Option<string?>("--align") { Description = "Depth alignment in disparity before scoring: none, scale or scale-shift (the metric's default).", HelpName = "MODE" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (metric name → number) instead of a table." };

        var score = new Command("score", "Score one predicted clip against its ground truth and print each metric.") { modality, pred, gt, align, json };
        score.SetAction(parse => CliErrors.Run(() =>
        {
            using var services = CliHost.Build(GlobalOptions.Sources(parse));
            foreach (var w in services.GetRequiredService<PluginCatalog>().Warnings) Console.Error.WriteLine($"warning: {w}");
            var registry = services.GetRequiredService<ModalityRegistry>();
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            if (parse.GetValue(align) is { } a) options["align"] = a;

            var name = parse.GetValue(modality)!;
            var scores = Score(registry, name, parse.GetValue(pred)!, parse.GetValue(gt)!, options);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(scores, CliJson.Options));
            else PrintTable(name, scores);
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));
        return score;
    }

    /// <summary>Reads both files and runs every metric registered for <paramref name="modality"/>; names stay in the metrics' order.</summary>
    public static IReadOnlyDictionary<string, double> Score(ModalityRegistry registry, string modality, string predPath, string gtPath, IReadOnlyDictionary<string, string> options)
    {
        if (!registry.Contains(modality))
        {
            var enabled = registry.Names.Count == 0 ? "none: no plugin is loaded" : string.Join(", ", registry.Names);
            throw new CliUsageException($"unknown modality '{modality}' for --modality (enabled: {enabled}).");
        }
        var descriptor = registry.Get(modality);
        var metrics = registry.MetricsFor(modality).ToList();
        if (metrics.Count == 0) throw new CliUsageException($"no loaded plugin provides a metric for modality '{modality}'.");

        using var scope = torch.NewDisposeScope();
        var prediction = ReadTensor(predPath, descriptor.StorageKey);
        var reference = ReadTensor(gtPath, descriptor.StorageKey);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            IReadOnlyDictionary<string, double> result;
            try
            {
                result = metric.Score(prediction, reference, options);
            }
            catch (ArgumentException e)
            {
                // The metric's message names the modality, shapes and dtypes; add which files they came from.
                throw new CliUsageException($"cannot score {predPath} (prediction) against {gtPath} (ground truth): {e.Message}");
            }
            foreach (var key in metric.MetricNames)
            {
                var value = result.TryGetValue(key, out var v) ? v
                    : throw new InvalidOperationException($"metric {metric.GetType().Name} did not return '{key}'.");
                // Two metrics of one modality may share a name; qualify the later one rather than drop it.
                if (!scores.TryAdd(key, value)) scores[$"{metric.GetType().Name}.{key}"] = value;
            }
        }
        return scores;
    }

    /// <summary>The tensor <paramref name="key"/> of a safetensors file; errors name the file and what it holds.</summary>
    private static torch.Tensor ReadTensor(string path, string key)
    {
        using var reader = SafetensorsReader.Open(path);
        var info = reader.Get(key);
        try
        {
            _ = info.DType.ToScalarType();
        }
        catch (NotSupportedException)
        {
            throw new SafetensorsFormatException(path, $"tensor '{key}' is {info.DType}, which cannot be scored");
        }
        return reader.ReadTensor(key);
    }

    private static void PrintTable(string modality, IReadOnlyDictionary<string, double> scores)
    {
        var table = new Table().AddColumns("metric", "value");
        table.Title = new TableTitle(Markup.Escape(modality));
        foreach (var (name, value) in scores)
            table.AddRow(Markup.Escape(name), value.ToString("0.0000", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }
}
