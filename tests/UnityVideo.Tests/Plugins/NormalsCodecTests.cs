using TorchSharp;
using UnityVideo.Abstractions;
using Xunit.Abstractions;

namespace UnityVideo.Tests.Plugins;

/// <summary>The normals sample's annotator and codec on synthetic scenes.</summary>
public sealed class NormalsCodecTests(ITestOutputHelper output)
{
    [Fact]
    public void The_worlds_normals_survive_storage_and_the_codec_round_trip_within_a_tenth_of_a_degree()
    {
        var worst = 0.0;
        foreach (var clip in CodecTestKit.Clips(32, 2, animals: true))
        {
            var context = CodecTestKit.Context(clip);
            using var rgb = torch.zeros([clip.Frames, clip.Height, clip.Width, 3], torch.uint8);
            using var exact = clip.GroundTruth.Buffer(GroundTruthBufferNames.Normals, "test").ToTensor(); // [T, H, W, 3] float32

            using var stored = NormalsSample.GroundTruthAnnotator.Annotate(new AnnotationInput { Rgb = rgb, Context = context, GroundTruth = clip.GroundTruth });
            using var encoded = NormalsSample.Modality.Codec!.Encode(stored, context);
            using var decoded = NormalsSample.Modality.Codec!.Decode(encoded, context);

            Assert.Equal(torch.ScalarType.Float16, stored.dtype);
            Assert.Equal([3L, clip.Frames, clip.Height, clip.Width], encoded.shape);
            Assert.Equal(stored.bytes.ToArray(), decoded.bytes.ToArray()); // stored → model → stored is lossless
            var scores = NormalsSample.Metric.Score(decoded, exact, new Dictionary<string, string>());
            Assert.Equal(100, scores["within_11_25"]);
            worst = Math.Max(worst, scores["mean_angle"]);
        }
        output.WriteLine($"mean angle between the world's float32 normals and the stored → encoded → decoded ones: {worst:F4}° (worst clip)");
        Assert.True(worst < 0.1, $"float16 storage moved the normals by {worst:F4}° on average");
    }

    [Fact]
    public void A_stored_tensor_of_another_shape_is_refused_naming_the_modality_and_both_shapes()
    {
        using var wrong = torch.zeros([2, 4, 4], torch.float16);

        var e = Assert.Throws<ArgumentException>(() => NormalsSample.Modality.Codec!.Encode(wrong, new ClipContext { Frames = 2, Height = 4, Width = 4 }));

        Assert.StartsWith("normals: the stored normals must be Float16 or Float32 [T, H, W, 3] = [2, 4, 4, 3]; got Float16 [2, 4, 4]", e.Message, StringComparison.Ordinal);
    }
}
