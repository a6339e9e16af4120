using TorchSharp;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Diffusion;

public sealed class CoarseLossTests
{
    [Fact]
    public void A_wrong_block_colour_costs_its_full_square_and_detail_within_a_block_costs_nothing()
    {
        using var scope = NewDisposeScope();
        // The same per-pixel error (0.5² everywhere) either as one wrong value over each 4 × 4 block, or as a
        // checkerboard of ±0.5 inside every block: a plain mean squared error cannot tell them apart, the block term can.
        var wrongColour = full([1, 3, 2, 8, 8], 0.5f);                                             // [B, C, T, H, W]
        var ij = arange(8).view(8, 1) + arange(8).view(1, 8);                                       // [H, W]
        var detail = (ij.remainder(2).to(float32) - 0.5f).expand(1, 3, 2, 8, 8).contiguous();      // ±0.5, zero mean in each block
        Assert.Equal(wrongColour.square().mean().item<float>(), detail.square().mean().item<float>(), 6);
        Assert.Equal(0.25, CoarseLoss.Of(wrongColour, 4).item<float>(), 6);
        Assert.Equal(0.0, CoarseLoss.Of(detail, 4).item<float>(), 6);
        Assert.Equal(0.25, CoarseLoss.Of(detail, 1).item<float>(), 6);                               // 1-pixel blocks: plain MSE
    }

    [Fact]
    public void A_block_that_does_not_divide_the_frame_is_refused_naming_the_setting()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => CoarseLoss.Of(zeros([1, 1, 2, 12, 12]), 8));
        Assert.Contains("Training:CoarseLossBlock", e.Message, StringComparison.Ordinal);
        Assert.Contains("12×12", e.Message, StringComparison.Ordinal);
        Assert.Contains(new TrainerOptions { CoarseLossWeight = -1 }.Validate(), m => m.StartsWith("CoarseLossWeight", StringComparison.Ordinal));
        Assert.Contains(new TrainerOptions { CoarseLossBlock = 0 }.Validate(), m => m.StartsWith("CoarseLossBlock", StringComparison.Ordinal));
    }

    [Fact]
    public void The_training_loss_adds_each_streams_block_error_at_its_weight()
    {
        // A fresh data-prediction model draws x̂₀ = 0, so in data space a stream costs mean(x₀²) per pixel and
        // mean(block mean of x₀)² per block, whatever t was drawn: the loss must be their weighted sum, over the streams.
        using var scope = NewDisposeScope();
        var cfg = TestConfig();
        cfg.Prediction = DiTConfig.DataPredictionName;
        using var model = NewModel(cfg, Depth);
        var (rgb, depth) = DiffusionTestKit.Clip(cfg, 3);
        double Loss(double weight)
        {
            using var g = new Generator(5, CPU);
            var fm = new FlowMatching(new FlowMatchingOptions { LossSpace = FlowMatchingOptions.DataSpace, CoarseLossWeight = weight, CoarseLossBlock = 2 });
            return fm.Loss(model, DiffusionTestKit.Streams(DiffusionTask.JointGeneration, rgb, depth, cfg), g).Loss.item<float>();
        }
        double Stream(Tensor x0, double weight) => x0.square().mean().item<float>() + weight * CoarseLoss.Of(x0, 2).item<float>();
        Assert.Equal((Stream(rgb, 0) + Stream(depth, 0)) / 2, Loss(0), 4);
        Assert.Equal((Stream(rgb, 3) + Stream(depth, 3)) / 2, Loss(3), 4);
        Assert.True(Loss(3) > Loss(0) * 1.2, "the block term should add to the loss of a model that has learned nothing");
    }
}
