using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using TorchSharp;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Host.Plugins;

namespace UnityVideo.Cli.Commands;

/// <summary><c>unityvideo eval</c>: scoring predictions against ground truth (<c>eval score</c>).</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var eval = new Command("eval", "Evaluate predictions against ground truth with the modality plugins' metrics.");
        eval.Add(CreateScore());
        return eval;
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
