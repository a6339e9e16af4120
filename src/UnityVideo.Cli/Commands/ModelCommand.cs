using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Core.Backbones;
using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.Model;
using UnityVideo.Host;

namespace UnityVideo.Cli.Commands;

/// <summary><c>unityvideo model summary [--preset P] [--json]</c>: the pixel DiT of a preset, or the Wan model <c>Model:Wan</c> describes.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var preset = new Option<string?>("--preset") { Description = "Model preset to describe (default: Model:Preset).", HelpName = "NAME" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var summary = new Command("summary", "Parameters per model component for the enabled modalities (the pixel DiT of a preset, or with Model:Backbone=wan the Wan model: trunk, LoRA, new modules, trainable).") { preset, json };
        summary.SetAction(parse => CliErrors.Run(() =>
        {
            (string, string)[] overrides = parse.GetValue(preset) is { } p ? [(preset.Name, $"Model:Preset={p}")] : [];
            using var services = CliHost.Build(GlobalOptions.Sources(parse, overrides));
            var startup = services.GetRequiredService<UnityVideoStartup>();
            if (startup.Settings.Model.Backbone == BackboneNames.Wan) return WanSummary(startup, parse.GetValue(json));
            var config = startup.Settings.ModelConfig;
            using var model = new UnityDiT(config, startup.Modalities);
            var s = ModelSummary.Of(model);
            if (parse.GetValue(json))
            {
                var view = new ModelSummaryView(
                    startup.Settings.Model.Preset, s.Streams, s.Components.Select(c => new ModelComponentView(c.Component, c.Parameters)).ToList(),
                    s.Total, s.Trainable, config);
                Console.WriteLine(JsonSerializer.Serialize(view, CliJson.Options));
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"preset '{startup.Settings.Model.Preset}': {config.Depth} blocks of width {config.HiddenSize}, {config.Frames} frames of {config.Height}x{config.Width}, patch {config.PatchSize}{(config.TemporalPatch > 1 ? $" over {config.TemporalPatch} frames" : "")} ({config.TokensPerStream(config.Frames, config.Height, config.Width)} tokens a stream)"));
                Console.Write(s.ToString());
            }
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));

        return new Command("model", "Inspect the model a configuration builds.") { summary };
    }

    // The Wan model is counted on the meta device: the 1.3B's shapes without its 5.7 GB.
    private static int WanSummary(UnityVideoStartup startup, bool json)
    {
        var wan = startup.Settings.Model.Wan;
        using var model = WanModelSummary.Shapes(wan, startup.Modalities.Modalities);
        var s = WanModelSummary.Of(model);
        var t = model.Trunk;
        if (json)
        {
            var view = new WanModelSummaryView(BackboneNames.Wan, wan.Size, s.Streams, s.Components.Select(c => new ModelComponentView(c.Component, c.Parameters)).ToList(), s.Total, s.Trainable, wan);
            Console.WriteLine(JsonSerializer.Serialize(view, CliJson.Options));
            return 0;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wan2.1 trunk '{wan.Size}': {t.Layers} blocks of width {t.Dim}, {t.Heads} heads, FFN {t.FfnDim}; {(wan.Lora() is { } l ? $"LoRA rank {l.Rank} on {string.Join(", ", l.EffectiveTargets)}" : "whole trunk trained")}"));
        Console.Write(s.ToString());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"trainable",-22}{s.Trainable,14:N0}"));
        return 0;
    }
}
