using TorchSharp;
using UnityVideo.Abstractions;

namespace UnityVideo.Tests.Plugins;

public sealed class GroundTruthAnnotatorTests
{
    [Theory]
    [InlineData("depth", "depth")]
    [InlineData("flow", "flow")]
    [InlineData("segmentation", "instances")]
    [InlineData("densepose", "iuv")]
    [InlineData("skeleton", "joints")]
    public void The_synthetic_annotator_returns_what_the_dataset_writer_stores(string modality, string tensorName)
    {
        var annotator = CodecTestKit.GroundTruthAnnotator(modality);
        Assert.True(annotator.RequiresGroundTruth);
        Assert.Equal(tensorName, CodecTestKit.Modality(modality).StorageKey);
        foreach (var clip in CodecTestKit.Clips(32, 2, animals: true))
        {
            using var sample = CodecTestKit.Stored(clip);
            var stored = sample.Get(tensorName)!;
            var context = CodecTestKit.Context(clip);

            using var annotated = annotator.Annotate(new AnnotationInput { Rgb = sample.Rgb, Context = context, GroundTruth = clip.GroundTruth });

            Assert.Equal(stored.dtype, annotated.dtype);
            Assert.Equal(stored.shape, annotated.shape);
            Assert.Equal(stored.bytes.ToArray(), annotated.bytes.ToArray()); // bit-identical, +∞ sky included
        }
    }

    [Theory]
    [InlineData("depth")]
    [InlineData("flow")]
    [InlineData("segmentation")]
    [InlineData("densepose")]
    [InlineData("skeleton")]
    public void Without_ground_truth_the_annotator_says_it_needs_a_synthetic_clip(string modality)
    {
        var annotator = CodecTestKit.GroundTruthAnnotator(modality);
        using var rgb = torch.zeros([2, 8, 8, 3], torch.ScalarType.Byte);
        var input = new AnnotationInput { Rgb = rgb, Context = new ClipContext { Frames = 2, Height = 8, Width = 8 } };

        var e = Assert.Throws<ArgumentException>(() => annotator.Annotate(input));

        Assert.Contains(modality, e.Message, StringComparison.Ordinal);
        Assert.Contains("synthetic-gt", e.Message, StringComparison.Ordinal);
        Assert.Contains("GroundTruth is null", e.Message, StringComparison.Ordinal);
    }
}
