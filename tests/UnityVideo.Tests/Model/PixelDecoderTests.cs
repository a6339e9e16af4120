using System.Text.Json.Nodes;
using TorchSharp;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

public sealed class PixelDecoderTests
{
    private static DiTConfig Decoded(DiTConfig plain)
    {
        var cfg = plain.Clone();
        cfg.PixelDecoder = 8;
        return cfg;
    }

    private static List<DiTStream> Streams(DiTConfig cfg, Tensor rgb) =>
    [
        new("rgb", rgb, zeros(1), Prompt(cfg, "a person walks", 1)),
        new("depth", Video(1, 1, cfg, 2), ones(1), Prompt(cfg, "depth map", 1)),
    ];

    [Fact]
    public void A_fresh_model_predicts_the_same_with_or_without_the_pixel_decoder_and_older_models_load_without_it()
    {
        using var scope = NewDisposeScope();
        var plain = TestConfig();
        plain.Prediction = DiTConfig.DataPredictionName;
        var decoded = Decoded(plain);
        using var without = NewModel(plain, Depth);
        using var with = NewModel(decoded, Depth);
        var streams = Streams(plain, Video(1, 3, plain, 1));
        var a = without.forward(streams);
        var b = with.forward(streams);
        for (var i = 0; i < a.Count; i++) Assert.Equal(0, MaxAbsDiff(a[i], b[i]));

        // Counted with the heads in the model summary.
        var decoderParameters = with.named_parameters().Where(p => p.name.StartsWith("pixel_decoders.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        Assert.True(decoderParameters > 0);
        var headFeatures = 2L * plain.PatchSize * plain.PatchSize * UnityDiT.OutputConvFeatures * (plain.HiddenSize + 1); // rgb's and depth's heads draw the extra features
        Assert.Equal(ModelSummary.Of(without)["final layer + heads"] + decoderParameters + headFeatures, ModelSummary.Of(with)["final layer + heads"]);

        // A model stored before the setting was built without it, and runs without it keep their run key.
        var old = JsonNode.Parse(decoded.ToJson())!.AsObject();
        Assert.True(old.Remove("pixelDecoder"));
        Assert.Equal(0, DiTConfig.FromJson(old.ToJsonString()).PixelDecoder);
        Assert.False(TrainingConfiguration.ModelNode(plain).ContainsKey("pixelDecoder"));
        Assert.True(TrainingConfiguration.ModelNode(decoded).ContainsKey("pixelDecoder"));
        Assert.Contains(new DiTConfig { PixelDecoder = -1 }.Validate(), e => e.StartsWith("PixelDecoder", StringComparison.Ordinal));
        Assert.Contains(new DiTConfig { PixelDecoder = 8, OutputConv = true }.Validate(), e => e.StartsWith("PixelDecoder", StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_pixel_decoder_a_depth_pixel_reads_the_rgb_pixels_around_it_and_no_others()
    {
        // Attention silenced and no aligned fusion: the trunk gives the depth stream no way to see the RGB, so what
        // changes comes through the decoder alone — within its three 3×3 convolutions (3 pixels), in the frame
        // itself and the frame before (which reads it as its next frame).
        using var scope = NewDisposeScope();
        var cfg = Decoded(TestConfig(depth: 1));
        cfg.Prediction = DiTConfig.DataPredictionName;
        using var model = NewModel(cfg, Depth);
        Randomize(model, seed: 5);
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
                if (name.Contains("attn", StringComparison.Ordinal) && name.EndsWith("proj.weight", StringComparison.Ordinal)) p.zero_();

        var rgb = Video(1, 3, cfg, 6);
        var moved = rgb.clone();
        const int frame = 2, row = 6, column = 9;
        moved[0, .., frame, row, column] += 1;
        var a = model.forward(Streams(cfg, rgb))[1];
        var b = model.forward(Streams(cfg, moved))[1];
        var change = (a - b).abs()[0, 0];                                                   // [T, H, W]

        Assert.True(change[frame, row, column].item<float>() > 1e-3, "the depth pixel over the moved RGB pixel should change");
        Assert.True(change[frame - 1, row, column].item<float>() > 1e-3, "the frame before reads the moved pixel as its next frame");
        var near = zeros_like(change, dtype: @bool);
        near[(frame - 1)..(frame + 1), (row - 3)..(row + 4), (column - 3)..(column + 4)] = true;
        Assert.Equal(0.0, change.masked_select(near.logical_not()).max().item<float>());
    }
}
