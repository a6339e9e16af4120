using UnityVideo.Core.Model;
using UnityVideo.Host.Configuration;
using Xunit.Abstractions;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

public sealed class ModelSummaryTests(ITestOutputHelper output)
{
    [Fact]
    public void Summary_components_add_up_to_the_total()
    {
        using var model = NewModel(TestConfig(), Depth, Flow);
        var s = ModelSummary.Of(model);
        output.WriteLine(s.ToString());

        Assert.Equal(model.parameters().Sum(p => p.numel()), s.Total);
        Assert.Equal(s.Total, s.Components.Sum(c => c.Parameters));
        Assert.Equal(3L * 64, s["switcher"]);                                          // rgb, depth, flow
        Assert.Equal(16L * (3 + 1 + 2) * 64 + 3 * 64, s["patch embeds"]);             // P²·C·D + D per stream
        Assert.True(s["blocks"] > s["text encoder"]);
    }

    [Fact]
    public void The_tiny_preset_is_a_one_to_three_million_parameter_model()
    {
        var settings = UnityVideoSettings.Load(new LayeredConfiguration([UnityVideoConfiguration.Defaults()]).Configuration);
        var cfg = settings.ModelConfig;
        using var model = new UnityDiT(cfg, [Depth, Flow, Skeleton]);
        var s = ModelSummary.Of(model);
        output.WriteLine(s.ToString());

        Assert.InRange(s.Total, 1_000_000, 3_000_000);
        Assert.Equal((32, 32, 8, 4), (cfg.Height, cfg.Width, cfg.Frames, cfg.PatchSize));
        Assert.All(settings.Model.Presets.Values, p => Assert.Empty(p.Validate()));
    }

    [Fact]
    public void Invalid_configuration_lists_every_problem()
    {
        var cfg = new DiTConfig { HiddenSize = 100, Heads = 3, Height = 30, TextBuckets = 0 };
        var errors = cfg.Validate();
        Assert.Contains(errors, e => e.StartsWith("Heads must divide HiddenSize (100)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Height", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("TextBuckets", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new UnityDiT(cfg, [Depth]));
    }
}
