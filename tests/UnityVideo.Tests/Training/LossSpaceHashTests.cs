using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;

namespace UnityVideo.Tests.Training;

public sealed class LossSpaceHashTests
{
    private static readonly Dictionary<string, int> Streams = new() { ["rgb"] = 3, ["depth"] = 1 };

    [Fact]
    public void A_run_on_the_velocity_loss_keeps_the_configuration_hash_it_had_before_the_loss_space_setting()
    {
        // Runs written before Training:LossSpace existed trained on the velocity loss; their stored hash must still match
        // so that --resume accepts them, while a run on the data-space loss is another configuration.
        var model = new DiTConfig();
        var before = TrainingConfiguration.Hash(model, Streams, new TrainerOptions());
        var velocity = TrainingConfiguration.Hash(model, Streams, new TrainerOptions { LossSpace = FlowMatchingOptions.VelocitySpace });
        var data = new TrainerOptions { LossSpace = FlowMatchingOptions.DataSpace };
        Assert.Equal(before, velocity);
        Assert.NotEqual(before, TrainingConfiguration.Hash(model, Streams, data));
        Assert.DoesNotContain("LossSpace", TrainingConfiguration.ToJson(model, Streams, new TrainerOptions()), StringComparison.Ordinal);
        Assert.Contains(TrainingConfiguration.Differences(TrainingConfiguration.ToJson(model, Streams, new TrainerOptions()), TrainingConfiguration.ToJson(model, Streams, data)),
            k => k.EndsWith("LossSpace", StringComparison.Ordinal));
        Assert.Contains(new TrainerOptions { LossSpace = "x0" }.Validate(), e => e.StartsWith("LossSpace", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_without_full_noise_generation_keeps_the_configuration_hash_it_had_before_the_setting()
    {
        var model = new DiTConfig();
        var before = TrainingConfiguration.Hash(model, Streams, new TrainerOptions());
        Assert.Equal(before, TrainingConfiguration.Hash(model, Streams, new TrainerOptions { GenerationFullNoise = 0 }));
        Assert.NotEqual(before, TrainingConfiguration.Hash(model, Streams, new TrainerOptions { GenerationFullNoise = 0.5 }));
        Assert.Contains(new TrainerOptions { GenerationFullNoise = 2 }.Validate(), e => e.StartsWith("GenerationFullNoise", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_without_the_block_error_keeps_the_configuration_hash_it_had_before_the_setting()
    {
        // The block size only matters when the block term is on, so a run with it off keeps its hash whatever the size.
        var model = new DiTConfig();
        var before = TrainingConfiguration.Hash(model, Streams, new TrainerOptions());
        Assert.Equal(before, TrainingConfiguration.Hash(model, Streams, new TrainerOptions { CoarseLossWeight = 0, CoarseLossBlock = 8 }));
        var on = TrainingConfiguration.Hash(model, Streams, new TrainerOptions { CoarseLossWeight = 4 });
        Assert.NotEqual(before, on);
        Assert.NotEqual(on, TrainingConfiguration.Hash(model, Streams, new TrainerOptions { CoarseLossWeight = 4, CoarseLossBlock = 8 }));
    }

    [Fact]
    public void A_model_with_the_zero_started_fusion_keeps_the_configuration_hash_it_had_before_the_fusion_start_setting()
    {
        var options = new TrainerOptions();
        var zero = new DiTConfig { AlignedFusion = true, AlignedFusionInit = DiTConfig.FusionZero };
        var identity = new DiTConfig { AlignedFusion = true, AlignedFusionInit = DiTConfig.FusionIdentity };
        Assert.DoesNotContain("alignedFusionInit", TrainingConfiguration.ToJson(zero, Streams, options), StringComparison.Ordinal);
        Assert.NotEqual(TrainingConfiguration.Hash(zero, Streams, options), TrainingConfiguration.Hash(identity, Streams, options));
    }
}
