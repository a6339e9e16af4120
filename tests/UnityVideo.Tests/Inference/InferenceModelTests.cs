using UnityVideo.Abstractions;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.Data;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Inference;
using UnityVideo.Core.IO;
using UnityVideo.Core.Training;
using static TorchSharp.torch;
using static UnityVideo.Tests.Inference.TensorAssert;

namespace UnityVideo.Tests.Inference;

public sealed class InferenceModelTests(InferenceFixture fixture) : IClassFixture<InferenceFixture>
{
    private static readonly SamplerOptions Fast = new() { Steps = 2 };

    [Fact]
    public void A_step_checkpoint_samples_with_its_EMA_weights_and_says_so()
    {
        using var model = InferenceModel.Load(fixture.StepCheckpoint, fixture.Plugins);
        Assert.Equal("ema", model.Weights);
        Assert.Equal(3, model.Step);
        Assert.Equal(["depth", "flow"], model.Modalities.Names);

        using var reader = SafetensorsReader.Open(fixture.StepCheckpoint);
        using var scope = NewDisposeScope();
        const string name = "blocks.0.attn.qkv.weight";
        var live = model.Model.named_parameters().Single(p => p.name == name).parameter;
        var ema = reader.ReadTensor(CheckpointFormat.EmaPrefix + name);
        var raw = reader.ReadTensor(name);
        Assert.True(Same(live, ema));
        Assert.False(Same(raw, ema)); // otherwise the test could not tell them apart
    }

    [Fact]
    public void Estimation_returns_the_stored_form_and_is_deterministic_for_a_seed()
    {
        using var model = InferenceModel.Load(fixture.ModelPath, fixture.Plugins);
        using var clip = ClipFile.Read(fixture.Clip(0));
        using var scope = NewDisposeScope();

        var depth = model.Estimate(clip.Rgb, "depth", Fast, seed: 7);
        var again = model.Estimate(clip.Rgb, "depth", Fast, seed: 7);
        var other = model.Estimate(clip.Rgb, "depth", Fast, seed: 8);
        var flow = model.Estimate(clip.Rgb, "flow", Fast, seed: 7);

        Assert.Equal(ScalarType.Float16, depth.dtype);
        Assert.Equal([4L, 16, 16], depth.shape);
        Assert.Equal([4L, 16, 16, 2], flow.shape);
        Assert.True(Same(depth, again));
        Assert.False(Same(depth, other));
    }

    [Fact]
    public void Joint_generation_gives_RGB_and_the_modality_and_conditional_generation_keeps_the_control()
    {
        using var model = InferenceModel.Load(fixture.ModelPath, fixture.Plugins);
        using var clip = ClipFile.Read(fixture.Clip(1));

        using (var joint = model.Generate("a red box", ["depth"], null, Fast, seed: 1))
        {
            Assert.Equal(ScalarType.Byte, joint.Rgb.dtype);
            Assert.Equal([4L, 16, 16, 3], joint.Rgb.shape);
            Assert.Equal([4L, 16, 16], joint.Modalities["depth"].shape);
        }

        var control = clip.Get("flow")!;
        using var conditional = model.Generate("a red box", [], new Dictionary<string, Tensor> { ["flow"] = control }, Fast, seed: 1);
        Assert.Equal([4L, 16, 16, 3], conditional.Rgb.shape);
        Assert.True(Same(conditional.Modalities["flow"], control));
    }

    [Fact]
    public void The_model_annotator_runs_estimation_from_a_checkpoint_path()
    {
        using var annotator = ModelAnnotator.FromCheckpoint(fixture.ModelPath, fixture.Plugins, "depth", Fast, seed: 3);
        using var clip = ClipFile.Read(fixture.Clip(0));
        using var scope = NewDisposeScope();
        var context = new ClipContext { Frames = 4, Height = 16, Width = 16 };

        var annotated = annotator.Annotate(new AnnotationInput { Rgb = clip.Rgb, Context = context });

        Assert.Equal(("model", "depth", 0), (annotator.Name, annotator.Modality, annotator.RequiredBuffers.Count));
        Assert.True(Same(annotated, annotator.Model.Estimate(clip.Rgb, "depth", Fast, 3)));
        var small = clip.Rgb[.., ..8, ..8];
        var e = Assert.Throws<InferenceException>(() => annotator.Annotate(new AnnotationInput { Rgb = small, Context = context }));
        Assert.Contains("4 frames of 8x8", e.Message, StringComparison.Ordinal);
        Assert.Contains("16x16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sampling_stops_when_cancelled()
    {
        using var model = InferenceModel.Load(fixture.ModelPath, fixture.Plugins);
        using var clip = ClipFile.Read(fixture.Clip(0));
        using var cts = new CancellationTokenSource();
        var steps = new List<int>();
        var progress = new SyncProgress(n => { steps.Add(n); if (n == 2) cts.Cancel(); });

        Assert.ThrowsAny<OperationCanceledException>(() => model.Estimate(clip.Rgb, "depth", new SamplerOptions { Steps = 10 }, 0, null, cts.Token, progress));
        Assert.Equal([1, 2], steps);
    }

    [Fact]
    public void Bad_checkpoints_and_requests_give_one_clear_error()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<InferenceException>(() => InferenceModel.Load(dir.File("none.safetensors"), fixture.Plugins));
        Assert.Contains("none.safetensors' does not exist", missing.Message, StringComparison.Ordinal);

        File.WriteAllBytes(dir.File("corrupt.safetensors"), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        var corrupt = Assert.Throws<InferenceException>(() => InferenceModel.Load(dir.File("corrupt.safetensors"), fixture.Plugins));
        Assert.Contains("corrupt.safetensors", corrupt.Message, StringComparison.Ordinal);

        var absent = Assert.Throws<InferenceException>(() => InferenceModel.Load(fixture.ModelPath, fixture.Plugins.Subset(["depth"])));
        Assert.Contains("'flow'", absent.Message, StringComparison.Ordinal);
        Assert.Contains("plugin folder is absent", absent.Message, StringComparison.Ordinal);

        using var model = InferenceModel.Load(fixture.ModelPath, fixture.Plugins);
        using var clip = ClipFile.Read(fixture.Clip(0));
        var unknown = Assert.Throws<InferenceException>(() => model.Estimate(clip.Rgb, "skeleton", Fast, 0));
        Assert.Contains("'skeleton' is not in checkpoint", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("it has: depth, flow", unknown.Message, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
