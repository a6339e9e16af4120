using TorchSharp;
using UnityVideo.Core.Model;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

public sealed class OutputConvTests
{
    private static List<DiTStream> Streams(DiTConfig cfg) =>
    [
        new("rgb", Video(2, 3, cfg, 1), tensor(new[] { 0.3f, 0.8f }), Prompt(cfg, "a person walks", 2)),
        new("depth", Video(2, 1, cfg, 2), tensor(new[] { 0.6f, 1.0f }), Prompt(cfg, "depth map", 2)),
    ];

    [Fact]
    public void A_fresh_model_predicts_the_same_with_or_without_the_output_convolution()
    {
        using var scope = NewDisposeScope();
        var plain = TestConfig();
        plain.Prediction = DiTConfig.DataPredictionName;
        var convolved = plain.Clone();
        convolved.OutputConv = true;
        using var without = NewModel(plain, Depth);
        using var with = NewModel(convolved, Depth);

        var a = without.forward(Streams(plain));
        var b = with.forward(Streams(convolved));
        for (var i = 0; i < a.Count; i++) Assert.Equal(0, MaxAbsDiff(a[i], b[i]));

        // The model summary counts the convolutions with the heads.
        var convParameters = with.named_parameters().Where(p => p.name.StartsWith("output_convs.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        Assert.True(convParameters > 0);
        Assert.Equal(ModelSummary.Of(without)["final layer + heads"] + convParameters + HeadFeatureParameters(plain), ModelSummary.Of(with)["final layer + heads"]);

        // The convolution reads the depth channel and the extra features its head draws.
        Assert.Equal([1L, 1 + UnityDiT.OutputConvFeatures, 3, 3], with.state_dict()["output_convs.depth.weight"].shape);
    }

    // The heads of rgb and depth also draw OutputConvFeatures extra channels per pixel (weights and biases).
    private static long HeadFeatureParameters(DiTConfig c) => 2L * c.PatchSize * c.PatchSize * UnityDiT.OutputConvFeatures * (c.HiddenSize + 1);

    [Fact]
    public void With_the_convolution_a_pixel_at_a_patch_border_reads_the_next_patch()
    {
        // Without it a pixel is drawn by its own token's linear head alone. A kernel that reads the right-hand
        // neighbour makes the last column of each patch depend on the first column of the next patch (another token).
        using var scope = NewDisposeScope();
        var cfg = TestConfig();
        cfg.Prediction = DiTConfig.DataPredictionName;
        cfg.OutputConv = true;
        using var model = NewModel(cfg, Depth);
        Randomize(model, 9);
        var streams = Streams(cfg);
        var conv = model.named_parameters().Single(p => p.name == "output_convs.depth.weight").parameter;
        var bias = model.named_parameters().Single(p => p.name == "output_convs.depth.bias").parameter;
        Tensor Predicted()                                                                          // x̂₀ = x_t − t·v: [2, 1, T, H, W]
        {
            var v = model.forward(streams)[1];
            return streams[1].Latent - streams[1].Timestep.view(-1, 1, 1, 1, 1) * v;
        }
        using (no_grad()) { conv.zero_(); bias.zero_(); }
        var drawn = Predicted();                                                                    // the head's own channel
        using (no_grad()) conv[0, 0, 1, 2] = 1;                                                     // + silu(drawn at x + 1)
        var read = Predicted();

        var p = cfg.PatchSize;
        var border = read[.., .., .., .., p - 1] - drawn[.., .., .., .., p - 1];                     // column P − 1: token 0
        var neighbour = nn.functional.silu(drawn[.., .., .., .., p]);                                // column P: token 1
        Assert.True(MaxAbsDiff(border, neighbour) < 1e-4);
        Assert.True(MaxAbs(neighbour) > 1e-3);
    }
}
