using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Core.Model;
using UnityVideo.Host;

namespace UnityVideo.Cli.Commands;

/// <summary><c>unityvideo model summary [--preset P] [--json]</c>.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var preset = new Option<string?>("--preset") { Description = "Model preset to describe (default: Model:Preset).", HelpName = "NAME" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var summary = new Command("summary", "Parameters per model component for the enabled modalities.") { preset, json };
        summary.SetAction(parse => CliErrors.Run(() =>
        {
            (string, string)[] overrides = parse.GetValue(preset) is { } p ? [(preset.Name, $"Model:Preset={p}")] : [];
            using var services = CliHost.BuildForPixelDiT(GlobalOptions.Sources(parse, overrides), "model summary");
            var startup = services.GetRequiredService<UnityVideoStartup>();
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
                    $"preset '{startup.Settings.Model.Preset}': {config.Depth} blocks of width {config.HiddenSize}, {config.Frames} frames of {config.Height}x{config.Width}, patch {config.PatchSize}"));
                Console.Write(s.ToString());
            }
            return 0;
        }, parse.GetValue(GlobalOptions.Verbose)));

        return new Command("model", "Inspect the model a configuration builds.") { summary };
    }
}
