using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using UnityVideo.Host.Plugins;

namespace UnityVideo.Cli.Commands;

/// <summary><c>unityvideo plugins list [--json]</c>.</summary>
internal static class PluginsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var list = new Command("list", "List the loaded plugins' modalities: channels, pixel alignment, prompts, annotators, metrics, assembly and version.") { json };
        list.SetAction(parse => CliErrors.Run(() =>
        {
            using var services = CliHost.Build(GlobalOptions.Sources(parse));
            var catalog = services.GetRequiredService<PluginCatalog>();
            foreach (var w in catalog.Warnings) Console.Error.WriteLine($"warning: {w}");
            var rows = Rows(catalog);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(rows, CliJson.Options));
            else PrintTable(rows);
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));

        return new Command("plugins", "Inspect the modality plugins the host loads.") { list };
    }

    /// <summary>One row per modality, in load order.</summary>
    public static IReadOnlyList<PluginListing> Rows(PluginCatalog catalog) => catalog.Modalities.Select(x => new PluginListing(
        x.Modality.Name,
        x.Modality.Channels,
        x.Modality.IsPixelAligned,
        x.Modality.Prompts,
        x.Modality.StorageKey,
        x.Modality.Description,
        x.Plugin.Annotators.Where(a => a.Modality == x.Modality.Name).Select(a => a.Name).ToList(),
        x.Plugin.Metrics.Where(m => m.Modality == x.Modality.Name).SelectMany(m => m.MetricNames).ToList(),
        x.Plugin.Manifest.Name,
        x.Plugin.Manifest.Version,
        x.Plugin.Manifest.ContractVersion.ToString(),
        x.Plugin.AssemblyPath,
        x.Plugin.Origin)).ToList();

    private static void PrintTable(IReadOnlyList<PluginListing> rows)
    {
        if (rows.Count == 0)
        {
            Console.WriteLine("No plugins loaded. Build them with `dotnet build` or point Plugins:Directories at a plugin folder.");
            return;
        }
        var table = new Table().AddColumns("modality", "ch", "aligned", "prompt", "annotators", "metrics", "plugin");
        foreach (var r in rows)
        {
            table.AddRow(
                Markup.Escape(r.Name), r.Channels.ToString(System.Globalization.CultureInfo.InvariantCulture), r.PixelAligned ? "yes" : "no",
                Markup.Escape(r.Prompts[0]), Markup.Escape(string.Join(", ", r.Annotators)), Markup.Escape(string.Join(", ", r.Metrics)),
                Markup.Escape($"{r.Plugin} {r.Version}"));
        }
        AnsiConsole.Write(table);
        foreach (var r in rows.DistinctBy(r => r.Assembly))
            Console.WriteLine($"{r.Plugin}: {Path.GetRelativePath(Environment.CurrentDirectory, r.Assembly)} ({r.Origin})");
    }
}

/// <summary>A row of <c>plugins list</c>.</summary>
internal sealed record PluginListing(
    string Name, int Channels, bool PixelAligned, IReadOnlyList<string> Prompts, string StorageKey, string Description,
    IReadOnlyList<string> Annotators, IReadOnlyList<string> Metrics, string Plugin, string Version, string ContractVersion, string Assembly, string Origin);
