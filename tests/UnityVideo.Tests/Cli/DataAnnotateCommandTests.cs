using TorchSharp;
using UnityVideo.Core.Data;
using UnityVideo.Core.Video;
using UnityVideo.Tests.VideoFiles;

namespace UnityVideo.Tests.Cli;

public sealed class DataAnnotateCommandTests
{
    [Fact]
    public void Annotating_a_folder_writes_clips_with_flow_from_the_good_video_and_lists_the_corrupt_file()
    {
        using var dir = new TempDir();
        var videos = Directory.CreateDirectory(Path.Combine(dir.Path, "videos")).FullName;
        WriteMovingStripes(Path.Combine(videos, "stripes_moving-right.mp4"), frames: 12, shift: 2);
        var corrupt = Path.Combine(videos, "broken.avi");
        File.WriteAllBytes(corrupt, Enumerable.Range(0, 3000).Select(i => (byte)(i * 37 % 251)).ToArray());
        var target = Path.Combine(dir.Path, "data");

        var r = CliRunner.Run("data", "annotate", "--videos", videos, "--out", target, "--size", "32", "--frames", "4");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains(corrupt, r.Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot be opened", r.Stderr, StringComparison.Ordinal);
        var dataset = ClipDataset.Open(target);
        Assert.Equal(3, dataset.Count); // 12 frames, 4 per clip, back to back
        Assert.All(dataset.Entries, e =>
        {
            Assert.Equal(["rgb", "flow"], e.Modalities);
            Assert.Equal("stripes moving right", e.Caption);
            Assert.Equal("stripes_moving-right.mp4", e.Source);
            Assert.Equal(10, e.Fps, 3);
        });
        using var clip = dataset.Read(1);
        Assert.Equal(new long[] { 4, 32, 32, 3 }, clip.Rgb.shape);
        var flow = clip.Get(ClipTensorNames.Flow)!.to(torch.float32); // [T, H, W, 2] in pixels
        var inner = flow[.., 6..26, 6..26];                            // away from the borders
        var dx = inner[.., .., .., 0].mean().item<float>();
        var dy = inner[.., .., .., 1].mean().item<float>();
        // The stripes move 2 px to the right per frame.
        Assert.InRange(dx, 1.0f, 3.0f);
        Assert.InRange(dy, -0.5f, 0.5f);
    }

    [Fact]
    public void Caption_and_stride_options_set_the_caption_rate_and_clip_count()
    {
        using var dir = new TempDir();
        var video = Path.Combine(dir.Path, "v.avi");
        VideoFixtures.Write(video, count: 12, fps: 10);
        var target = Path.Combine(dir.Path, "data");

        var r = CliRunner.Run("data", "annotate", "--videos", video, "--out", target, "--size", "16", "--frames", "3", "--stride", "2", "--caption", "colour cards");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var dataset = ClipDataset.Open(target);
        Assert.Equal(2, dataset.Count); // stride 2 samples frames 0, 2, …, 10: two clips of 3
        Assert.All(dataset.Entries, e => Assert.Equal(("colour cards", 5.0), (e.Caption, e.Fps)));
        using var second = dataset.Read(1);
        Assert.Equal([6, 8, 10], VideoFixtures.SourceFrames(second.Rgb));
    }

    [Fact]
    public void When_every_file_is_bad_the_exit_code_is_1_and_nothing_is_written()
    {
        using var dir = new TempDir();
        var videos = Directory.CreateDirectory(Path.Combine(dir.Path, "videos")).FullName;
        File.WriteAllBytes(Path.Combine(videos, "empty.mp4"), []);
        File.WriteAllBytes(Path.Combine(videos, "noise.mp4"), Enumerable.Range(0, 2000).Select(i => (byte)(i * 91 % 253)).ToArray());
        VideoFixtures.Write(Path.Combine(videos, "short.avi"), count: 2, fps: 10);
        var target = Path.Combine(dir.Path, "data");

        var r = CliRunner.Run("data", "annotate", "--videos", videos, "--out", target, "--size", "16", "--frames", "4");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("empty.mp4: is empty (0 bytes)", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("noise.mp4: cannot be opened", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("short.avi: is too short", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("no clip could be cut from 3 file(s)", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
        Assert.Equal(["videos"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName)); // no staging folder left
    }

    [Fact]
    public void A_folder_it_did_not_write_is_refused_even_with_force_and_keeps_its_content()
    {
        using var dir = new TempDir();
        var video = VideoFixtures.Write(dir.File("v.mp4"), count: 4, fps: 10);
        var target = Directory.CreateDirectory(Path.Combine(dir.Path, "data")).FullName;
        File.WriteAllText(Path.Combine(target, "notes.txt"), "precious");

        foreach (var force in new[] { false, true })
        {
            var args = new List<string> { "data", "annotate", "--videos", video, "--out", target, "--size", "16", "--frames", "4" };
            if (force) args.Add("--force");
            var refused = CliRunner.Run([.. args]);

            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("holds no dataset this project wrote", refused.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("--force", refused.Stderr, StringComparison.Ordinal);
            Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
        }
    }

    [Fact]
    public void A_dataset_is_replaced_only_with_force()
    {
        using var dir = new TempDir();
        var video = VideoFixtures.Write(dir.File("v.mp4"), count: 4, fps: 10);
        var target = Path.Combine(dir.Path, "data");
        Assert.Equal(0, CliRunner.Run("data", "annotate", "--videos", video, "--out", target, "--size", "16", "--frames", "4").ExitCode);

        var refused = CliRunner.Run("data", "annotate", "--videos", video, "--out", target, "--size", "16", "--frames", "4");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("pass --force", refused.Stderr, StringComparison.Ordinal);

        var forced = CliRunner.Run("data", "annotate", "--videos", video, "--out", target, "--size", "16", "--frames", "2", "--force");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal(2, ClipDataset.Open(target).Count);
    }

    [Fact]
    public void The_videos_folder_itself_is_never_the_output_even_with_force()
    {
        using var dir = new TempDir();
        var videos = Directory.CreateDirectory(dir.File("videos")).FullName;
        var video = VideoFixtures.Write(Path.Combine(videos, "v.mp4"), count: 4, fps: 10);
        File.WriteAllText(Path.Combine(videos, DatasetManifest.FileName), ""); // even when it looks like a dataset

        var r = CliRunner.Run("data", "annotate", "--videos", videos, "--out", videos, "--size", "16", "--frames", "4", "--force");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("input", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--force", r.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(video));
    }

    [Fact]
    public void A_checkpoint_is_refused_with_a_clear_not_yet_available_error()
    {
        using var dir = new TempDir();
        var video = VideoFixtures.Write(dir.File("v.mp4"), count: 4, fps: 10);
        var target = Path.Combine(dir.Path, "data");

        var r = CliRunner.Run("data", "annotate", "--videos", video, "--out", target, "--checkpoint", dir.File("model.safetensors"));

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--checkpoint", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("not available yet", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    /// <summary>Smooth vertical stripes (period 8 px) moving <paramref name="shift"/> px right per frame, 32 × 32.</summary>
    private static void WriteMovingStripes(string path, int frames, int shift)
    {
        var bytes = new byte[frames * 32 * 32 * 3];
        for (var t = 0; t < frames; t++)
            for (var y = 0; y < 32; y++)
                for (var x = 0; x < 32; x++)
                {
                    var v = (byte)(128 + 100 * Math.Sin(2 * Math.PI * (x - shift * t) / 8.0) * (0.6 + 0.4 * Math.Cos(2 * Math.PI * y / 16.0)));
                    var o = ((t * 32 + y) * 32 + x) * 3;
                    (bytes[o], bytes[o + 1], bytes[o + 2]) = (v, v, v);
                }
        using var clip = torch.tensor(bytes, [frames, 32, 32, 3]); // [T, H, W, 3]
        VideoFileWriter.Write(path, clip, fps: 10);
    }
}
