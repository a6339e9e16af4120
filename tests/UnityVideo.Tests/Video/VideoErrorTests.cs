using OpenCvSharp;
using TorchSharp;
using UnityVideo.Core.Video;

namespace UnityVideo.Tests.VideoFiles;

public sealed class VideoErrorTests
{
    private static readonly VideoSampling Clip = VideoSampling.Square(16, frames: 4);

    [Fact]
    public void Random_bytes_named_mp4_are_one_clear_error_naming_the_file()
    {
        using var dir = new TempDir();
        var path = dir.File("noise.mp4");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        AssertNamed(path, Assert.Throws<VideoFormatException>(() => VideoReader.Probe(path)), "cannot be opened");
        AssertNamed(path, Assert.Throws<VideoFormatException>(() => VideoReader.ReadClip(path, Clip)), "cannot be opened");
    }

    [Fact]
    public void An_empty_file_is_one_clear_error_naming_the_file()
    {
        using var dir = new TempDir();
        var path = dir.File("empty.avi");
        File.WriteAllBytes(path, []);

        AssertNamed(path, Assert.Throws<VideoFormatException>(() => VideoReader.ReadClip(path, Clip)), "0 bytes");
    }

    [Fact]
    public void A_video_without_frames_is_one_clear_error_naming_the_file()
    {
        using var dir = new TempDir();
        var path = dir.File("none.avi");
        // A valid container that never received a frame.
        using (var writer = new VideoWriter(path, FourCC.MJPG, 10, new Size(16, 16))) Assert.True(writer.IsOpened());
        Assert.True(new FileInfo(path).Length > 0);

        var error = Assert.Throws<VideoFormatException>(() => VideoReader.ReadClip(path, Clip));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_one_clear_error_naming_the_file()
    {
        using var dir = new TempDir();
        var path = dir.File("absent.mp4");

        AssertNamed(path, Assert.Throws<VideoFormatException>(() => VideoReader.Probe(path)), "does not exist");
    }

    [Fact]
    public void A_video_shorter_than_one_clip_names_the_file_and_the_frames_it_has_and_needs()
    {
        using var dir = new TempDir();
        var path = VideoFixtures.Write(dir.File("short.mp4"), count: 5, fps: 10);

        var tooFew = Assert.Throws<VideoFormatException>(() => VideoReader.ReadClip(path, VideoSampling.Square(16, frames: 6)));
        // Stride 3 over 5 frames samples only frames 0 and 3.
        var strided = Assert.Throws<VideoFormatException>(() => VideoReader.ReadClip(path, VideoSampling.Square(16, frames: 3, stride: 3)));

        AssertNamed(path, tooFew, "too short: 5 frames");
        Assert.Contains("needs 6", tooFew.Message, StringComparison.Ordinal);
        AssertNamed(path, strided, "give 2 sampled frames");
        Assert.Contains("needs 3", strided.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_an_mp4_into_a_missing_folder_names_it_and_leaves_nothing()
    {
        using var dir = new TempDir();
        using var frames = VideoFixtures.IndexedFrames(3, 16, 16);
        var missing = Path.Combine(dir.Path, "no-such-folder");

        var error = Assert.Throws<DirectoryNotFoundException>(() => VideoFileWriter.Write(Path.Combine(missing, "out.mp4"), frames, 10));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void A_failed_write_keeps_the_previous_video_and_leaves_no_temporary_file()
    {
        using var dir = new TempDir();
        var path = VideoFixtures.Write(dir.File("keep.mp4"), count: 4, fps: 10);
        var before = File.ReadAllBytes(path);
        using var notRgb = torch.zeros(4, 16, 16, 3, dtype: torch.float32); // [T, H, W, 3] of the wrong type
        using var frames = VideoFixtures.IndexedFrames(2, 16, 16);

        Assert.Throws<ArgumentException>(() => VideoFileWriter.Write(path, notRgb, 10));
        Assert.Throws<ArgumentException>(() => VideoFileWriter.Write(dir.File("clip.mkv"), frames, 10));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["keep.mp4"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    private static void AssertNamed(string path, VideoFormatException error, string problem)
    {
        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Path);
    }
}
