using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Synthetic;

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
        Assert.NotEmpty(annotator.RequiredBuffers);
        Assert.All(annotator.RequiredBuffers, b => Assert.Contains(b, SyntheticWorld.BufferNames));
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

    [Theory]
    [InlineData("depth", GroundTruthBufferNames.Depth)]
    [InlineData("skeleton", GroundTruthBufferNames.Joints)]
    public void On_a_scene_without_its_buffer_the_annotator_names_the_buffer_and_what_is_offered(string modality, string buffer)
    {
        var annotator = CodecTestKit.GroundTruthAnnotator(modality);
        using var rgb = torch.zeros([2, 8, 8, 3], torch.ScalarType.Byte);
        var normalsOnly = GroundTruthBuffer.Of(GroundTruthBufferNames.Normals, new float[2 * 8 * 8 * 3], 2, 8, 8, 3);
        var gt = new SceneGroundTruth
        {
            Frames = 2, Height = 8, Width = 8, InstanceClasses = ["background"], Skeletons = [], Intrinsics = new CameraIntrinsics(8, 8, 4, 4),
            Buffers = new Dictionary<string, GroundTruthBuffer> { [normalsOnly.Name] = normalsOnly },
        };
        var input = new AnnotationInput { Rgb = rgb, Context = new ClipContext { Frames = 2, Height = 8, Width = 8 }, GroundTruth = gt };

        var e = Assert.Throws<KeyNotFoundException>(() => annotator.Annotate(input));

        Assert.Equal($"{modality}: annotator 'synthetic-gt' needs the ground-truth buffer '{buffer}', which this scene does not offer (it offers: normals).", e.Message);
    }
}
