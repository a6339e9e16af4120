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
        Assert.Equal((2 * 128 + 2, 128), (probe.Width, probe.Height)); // input | estimate, 16² enlarged to 128 px
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
        Assert.Equal((5, 144, 2 * 240 + 2), (probe.Frames, probe.Height, probe.Width)); // input | estimate at 40x24, enlarged ×6
        Assert.Equal(5, Directory.GetFiles(dir.File("out/wide.depth.png"), "frame-*.png").Length);
        Assert.Equal("gray16be", Ffprobe.PixelFormatOf(dir.File("out/wide.depth.png/frame-00000.png")));
        Assert.Equal(24 * 40, Ffprobe.Gray16(dir.File("out/wide.depth.png/frame-00004.png")).Length);
        Assert.Equal("rgb24", Ffprobe.PixelFormatOf(dir.File("out/wide.flow.png/frame-00000.png"))); // drawn by the flow visualizer
    }

    [Fact]
    public void Without_ffmpeg_MP4_is_one_clear_error_naming_what_to_install_and_GIF_still_works()
    {
        using var dir = new TempDir();
        var noFfmpeg = new Dictionary<string, string> { ["UNITYVIDEO_FFMPEG"] = dir.File("no-such-ffmpeg") };
        var failed = CliRunner.RunWithEnvironment(noFfmpeg, "estimate", "--checkpoint", fixture.ModelPath, "--input", fixture.Clip(0), "--modality", "depth", "--out", dir.File("a"), "--steps", "1");

        Assert.Equal(1, failed.ExitCode);
        var error = Assert.Single(failed.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("apt-get install ffmpeg", error, StringComparison.Ordinal);
        Assert.Contains("--format gif", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("a")) && Directory.EnumerateFileSystemEntries(dir.File("a")).Any());

        var gif = CliRunner.RunWithEnvironment(noFfmpeg, "estimate", "--checkpoint", fixture.ModelPath, "--input", fixture.Clip(0), "--modality", "depth", "--out", dir.File("b"), "--steps", "1", "--format", "gif");
        Assert.True(gif.ExitCode == 0, gif.Stderr);
        Assert.Single(Directory.GetFiles(dir.File("b")), f => f.EndsWith(".depth.gif", StringComparison.Ordinal));
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
