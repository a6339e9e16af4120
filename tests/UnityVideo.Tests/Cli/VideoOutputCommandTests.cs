using UnityVideo.Core.IO;
using UnityVideo.Tests.Inference;
using UnityVideo.Tests.VideoFiles;

namespace UnityVideo.Tests.Cli;

/// <summary>estimate and generate writing H.264 MP4 and PNG frames, and estimating whole videos.</summary>
public sealed class VideoOutputCommandTests(InferenceFixture fixture) : IClassFixture<InferenceFixture>
{
    [Fact]
    public void A_whole_video_is_estimated_with_its_frame_count_and_rate_as_H264()
    {
        using var dir = new TempDir();
        var video = VideoFixtures.Write(dir.File("walk.avi"), count: 11, fps: 10, height: 24, width: 32); // T = 4: windows 0, 2, 4, 6, 7
        var r = CliRunner.Run("estimate", "--checkpoint", fixture.ModelPath, "--input", video, "--modality", "depth", "--out", dir.File("out"), "--steps", "1", "--format", "mp4,safetensors");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var probe = Ffprobe.Of(dir.File("out/walk.depth.mp4"));
        Assert.Equal(("h264", "yuv420p", 11), (probe.Codec, probe.PixelFormat, probe.Frames));
        Assert.Equal(10, probe.Fps, 6);
        Assert.Equal((128, 128), (probe.Width, probe.Height)); // the depth alone, 16² enlarged to 128 px
        using (var depth = SafetensorsReader.Open(dir.File("out/walk.depth.safetensors")))
            depth.Expect("depth", SafetensorsDType.F16, 11, 16, 16);
        Assert.False(File.Exists(dir.File("out/walk.depth.gif"))); // only the formats asked for
        Assert.Contains("estimate: 5/5", r.Stderr, StringComparison.Ordinal); // progress counts every window's solver step
    }

    [Fact]
    public void Native_size_upsamples_the_estimates_to_the_input_and_writes_16_bit_depth_frames()
    {
        using var dir = new TempDir();
        var video = VideoFixtures.Write(dir.File("wide.avi"), count: 5, fps: 8, height: 24, width: 40);
        var r = CliRunner.Run("estimate", "--checkpoint", fixture.ModelPath, "--input", video, "--modality", "depth,flow", "--out", dir.File("out"), "--steps", "1",
            "--size", "native", "--format", "safetensors", "png", "mp4");

        Assert.True(r.ExitCode == 0, r.Stderr);
        using (var depth = SafetensorsReader.Open(dir.File("out/wide.depth.safetensors"))) depth.Expect("depth", SafetensorsDType.F16, 5, 24, 40);
        using (var flow = SafetensorsReader.Open(dir.File("out/wide.flow.safetensors"))) flow.Expect("flow", SafetensorsDType.F16, 5, 24, 40, 2);
        var probe = Ffprobe.Of(dir.File("out/wide.depth.mp4"));
        Assert.Equal((5, 144, 240), (probe.Frames, probe.Height, probe.Width)); // the depth alone at 40x24, enlarged ×6
        Assert.Equal(5, Directory.GetFiles(dir.File("out/wide.depth.png"), "frame-*.png").Length);
        Assert.Equal("gray16be", Ffprobe.PixelFormatOf(dir.File("out/wide.depth.png/frame-00000.png")));
        Assert.Equal(24 * 40, Ffprobe.Gray16(dir.File("out/wide.depth.png/frame-00004.png")).Length);
        Assert.Equal("rgb24", Ffprobe.PixelFormatOf(dir.File("out/wide.flow.png/frame-00000.png"))); // drawn by the flow visualizer
    }

    [Fact]
    public void Without_ffmpeg_asked_for_MP4_is_one_clear_error_naming_what_to_install_and_the_defaults_fall_back_to_GIF()
    {
        using var dir = new TempDir();
        var noFfmpeg = new Dictionary<string, string> { ["UNITYVIDEO_FFMPEG"] = dir.File("no-such-ffmpeg") };
        var failed = CliRunner.RunWithEnvironment(noFfmpeg, "estimate", "--checkpoint", fixture.ModelPath, "--input", fixture.Clip(0), "--modality", "depth", "--out", dir.File("a"), "--steps", "1", "--format", "mp4");

        Assert.Equal(1, failed.ExitCode);
        var error = Assert.Single(failed.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("apt-get install ffmpeg", error, StringComparison.Ordinal);
        Assert.Contains("--format gif", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("a")) && Directory.EnumerateFileSystemEntries(dir.File("a")).Any());

        // Not asked for by name: a machine with only the .NET SDK still gets the tensor and the GIF, and a note.
        var defaults = CliRunner.RunWithEnvironment(noFfmpeg, "estimate", "--checkpoint", fixture.ModelPath, "--input", fixture.Clip(0), "--modality", "depth", "--out", dir.File("b"), "--steps", "1");
        Assert.True(defaults.ExitCode == 0, defaults.Stderr);
        Assert.Contains("ffmpeg with libx264 not found", defaults.Stderr, StringComparison.Ordinal);
        Assert.Equal([".gif", ".safetensors"], Directory.GetFiles(dir.File("b")).Select(Path.GetExtension).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generate_writes_an_MP4_of_RGB_beside_its_modalities()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("generate", "--checkpoint", fixture.ModelPath, "--prompt", "a box", "--modality", "depth", "--out", dir.Path, "--steps", "1", "--format", "mp4");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var probe = Ffprobe.Of(dir.File("sample.mp4"));
        Assert.Equal(("h264", "yuv420p", 4, 2 * 128 + 2), (probe.Codec, probe.PixelFormat, probe.Frames, probe.Width));
        Assert.Equal(["sample.mp4"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_depth_video_controls_generation_and_a_wrong_frame_count_is_refused()
    {
        using var dir = new TempDir();
        // A depth video in the depth plugin's visual code (as estimate's MP4 draws it), from a clip's true depth.
        var depth = Host.HostFactory.Start().Catalog.All.Get("depth");
        using var source = SafetensorsReader.Open(fixture.Clip(0));
        using var truth = source.ReadTensor("depth");                                                        // [4, 16, 16]
        using (var drawn = depth.Visualizer!.Render(truth, new Abstractions.ClipContext { Frames = 4, Height = 16, Width = 16 }))
        using (var big = drawn.repeat_interleave(8, 1).repeat_interleave(8, 2))                                // 128², as estimate enlarges it
            Core.Video.Mp4Writer.Write(dir.File("depth.mp4"), big, 8);
        var depthVideo = dir.File("depth.mp4");

        var gen = CliRunner.Run("generate", "--checkpoint", fixture.ModelPath, "--prompt", "a box", "--control", depthVideo, "--modality", "depth", "--out", dir.File("gen"), "--steps", "1", "--format", "safetensors");
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        using (var sample = SafetensorsReader.Open(dir.File("gen/sample.safetensors")))
        {
            sample.Expect("rgb", SafetensorsDType.U8, 4, 16, 16, 3);
            using var control = sample.ReadTensor("depth"); // read back from the video's colours
            // Depth from colours is relative: compare inverse depths by correlation, which an affine map keeps.
            using var both = TorchSharp.torch.stack([control.reciprocal().flatten(), truth.reciprocal().flatten()]).to(TorchSharp.torch.float32);
            var r = TorchSharp.torch.corrcoef(both).data<float>()[1];
            Assert.True(r > 0.95, $"the control read from {depthVideo} correlates {r:F3} with the depth it shows");
        }

        var longer = dir.File("long.mp4");
        using (var frames = VideoFixtures.IndexedFrames(6, 16, 16)) Core.Video.Mp4Writer.Write(longer, frames, 8);
        var refused = CliRunner.Run("generate", "--checkpoint", fixture.ModelPath, "--prompt", "a box", "--control", longer, "--modality", "depth", "--out", dir.File("gen2"), "--steps", "1");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("long.mp4' has 6 frames; the model generates 4", refused.Stderr, StringComparison.Ordinal);
        var unnamed = CliRunner.Run("generate", "--checkpoint", fixture.ModelPath, "--prompt", "a box", "--control", depthVideo, "--out", dir.File("gen3"), "--steps", "1");
        Assert.Contains("does not say which modality it shows", unnamed.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("gen2")) || Directory.Exists(dir.File("gen3")));
    }

    [Fact]
    public void A_flow_video_controls_generation()
    {
        using var dir = new TempDir();
        // The clip's true flow drawn on the colour wheel (clip-normalised, as estimate's flow.mp4), enlarged as estimate writes it.
        var flow = Host.HostFactory.Start().Catalog.All.Get("flow");
        using var source = SafetensorsReader.Open(fixture.Clip(0));
        using var truth = source.ReadTensor("flow").to(TorchSharp.torch.float32);                            // [4, 16, 16, 2]
        using (var drawn = flow.Visualizer!.Render(truth, new Abstractions.ClipContext { Frames = 4, Height = 16, Width = 16 }))
        using (var big = drawn.repeat_interleave(8, 1).repeat_interleave(8, 2))
            Core.Video.Mp4Writer.Write(dir.File("flow.mp4"), big, 8);

        var gen = CliRunner.Run("generate", "--checkpoint", fixture.ModelPath, "--prompt", "a box", "--control", dir.File("flow.mp4"), "--modality", "flow", "--out", dir.File("gen"), "--steps", "1", "--format", "safetensors");

        Assert.True(gen.ExitCode == 0, gen.Stderr);
        using var sample = SafetensorsReader.Open(dir.File("gen/sample.safetensors"));
        using var control = sample.ReadTensor("flow").to(TorchSharp.torch.float32); // read back from the wheel's colours
        // The drawing keeps directions and relative sizes (its scale in pixels is an assumption): compare by correlation.
        using var both = TorchSharp.torch.stack([control.flatten(), truth.flatten()]);
        var r = TorchSharp.torch.corrcoef(both).data<float>()[1];
        Assert.True(r > 0.9, $"the control read from flow.mp4 correlates {r:F3} with the flow it shows");
    }

    [Fact]
    public void A_larger_control_video_is_fitted_to_the_model_size()
    {
        using var dir = new TempDir();
        // Segmentation colours at 48x64 (three times the model's 16², wider): ids come back after the fit.
        var plugins = Host.HostFactory.Start().Catalog.All;
        var seg = plugins.Get("segmentation");
        using var ids = TorchSharp.torch.zeros([4, 48, 64], TorchSharp.torch.uint8);
        ids.narrow(1, 12, 24).narrow(2, 20, 24).fill_(3);
        var context = new Abstractions.ClipContext { Frames = 4, Height = 48, Width = 64 };
        using var drawn = seg.Visualizer!.Render(ids, context);
        Core.Video.Mp4Writer.Write(dir.File("seg.mp4"), drawn, 8);

        var read = ((Abstractions.IVisualizationReader)seg.Visualizer).Read(Core.Video.VideoReader.ReadAll(dir.File("seg.mp4"), 16, 16).Frames, context with { Height = 16, Width = 16 });
        Assert.Equal([4L, 16, 16], read.shape);
        Assert.Equal(3, read[0, 8, 8].item<byte>());  // inside the square
        Assert.Equal(0, read[0, 1, 1].item<byte>());  // background
    }

    [Fact]
    public void Bad_video_inputs_and_formats_are_one_clear_error()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("empty.mp4"), []);
        File.WriteAllText(dir.File("notes.mp4"), "this is not a video");
        void Fails(string expected, params string[] args)
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 1, $"{string.Join(' ', args)} → {r.ExitCode}: {r.Stderr}");
            var error = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
        string[] Estimate(string input, params string[] more) =>
            ["estimate", "--checkpoint", fixture.ModelPath, "--input", input, "--modality", "depth", "--out", dir.File("out"), .. more];

        Fails("empty.mp4: is empty (0 bytes)", Estimate(dir.File("empty.mp4")));
        Fails("notes.mp4: cannot be opened as a video", Estimate(dir.File("notes.mp4")));
        Fails("--format: unknown format 'webm' (known: mp4, gif, png, safetensors)", Estimate(fixture.Clip(0), "--format", "webm"));
        Fails("--size must be model or native", Estimate(fixture.Clip(0), "--size", "huge"));
        var video = VideoFixtures.Write(dir.File("v.avi"), count: 6, fps: 10);
        Fails("the window overlap must be 0…3 frames", Estimate(video, "--overlap", "4"));
    }
}
