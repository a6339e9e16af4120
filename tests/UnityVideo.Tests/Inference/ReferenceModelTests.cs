using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Host;
using UnityVideo.Host.Data;
using UnityVideo.Host.Inference;
using UnityVideo.Synthetic;
using Xunit.Abstractions;

namespace UnityVideo.Tests.Inference;

/// <summary>
/// The model in models/reference: it loads by name on a fresh checkout, and a fresh evaluation on the held-out clips
/// its card names reproduces the card's table (estimation, control and the baselines) within the card's tolerance.
/// </summary>
public sealed class ReferenceModelTests(ITestOutputHelper output)
{
    private static string Folder => Path.Combine(RepoPaths.Root, ShippedModels.Folder, "reference");

    [Fact]
    public void The_name_reference_means_the_shipped_file_and_any_other_value_stays_a_path()
    {
        Assert.Equal(Path.Combine(Folder, "model.safetensors"), Path.GetFullPath(ShippedModels.Resolve("reference")));
        Assert.Equal("runs/demo/run/model.safetensors", ShippedModels.Resolve("runs/demo/run/model.safetensors"));
        Assert.Equal("Reference", ShippedModels.Resolve("Reference")); // names are exact; anything else is a path for the caller to check
    }

    [Fact]
    public void A_fresh_evaluation_of_the_shipped_model_reproduces_its_card()
    {
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "card.json")))!;
        var heldOut = card["heldOut"]!;
        var eval = card["eval"]!;
        var defaultTolerance = card["tolerance"]!.GetValue<double>();
        double ToleranceOf(string figure) => card["toleranceByFigure"]?[figure]?.GetValue<double>() ?? defaultTolerance;
        using var dir = new TempDir();
        var world = SyntheticOptions.Square(heldOut["size"]!.GetValue<int>(), heldOut["frames"]!.GetValue<int>()) with
        {
            Fps = heldOut["fps"]!.GetValue<double>(), Seed = heldOut["seed"]!.GetValue<ulong>(),
            Split = heldOut["split"]!.GetValue<string>() == "test" ? SyntheticSplit.Test : SyntheticSplit.Train,
        };
        var clips = eval["clips"]!.GetValue<int>();
        var data = SyntheticDatasetBuilder.Build(new SyntheticDatasetRequest { OutputDirectory = dir.File("held-out"), Count = clips, World = world }).Directory;

        using var provider = new ServiceCollection().AddUnityVideo(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var pipeline = provider.GetRequiredService<UnityVideoPipeline>();
        pipeline.Evaluate("reference", data, dir.File("eval"), clips,
            new SamplingOverrides { Steps = eval["steps"]!.GetValue<int>(), Seed = eval["seed"]!.GetValue<long>() }, videoPanels: false);

        var report = JsonNode.Parse(File.ReadAllText(dir.File(Path.Combine("eval", "report.json"))))!;
        foreach (var (path, expected) in card["figures"]!.AsObject())
        {
            var actual = path.Split('/').Aggregate((JsonNode?)report, (node, key) => node?[key])?.GetValue<double>()
                ?? throw new Xunit.Sdk.XunitException($"report.json has no {path}");
            output.WriteLine($"{path}: card {expected!.GetValue<double>():F4}, fresh {actual:F4}");
            var tolerance = ToleranceOf(path);
            Assert.True(Math.Abs(actual - expected.GetValue<double>()) <= tolerance,
                $"{path}: card says {expected.GetValue<double>():F4}, a fresh eval gives {actual:F4} (tolerance {tolerance})");
        }
        // What the card claims a person can see: the estimates read the clip's video, not the model's prior.
        var figures = card["figures"]!;
        Assert.True(figures["estimation/depth/abs_rel"]!.GetValue<double>() < figures["baselines/depth/other-clip/abs_rel"]!.GetValue<double>());
        Assert.True(figures["estimation/flow/epe"]!.GetValue<double>() < figures["baselines/flow/other-clip/epe"]!.GetValue<double>());
    }
}
