using UnityVideo.Core.Video;

namespace UnityVideo.Tests.VideoFiles;

public sealed class Mp4WriterTests
{
    [Fact]
    public void An_MP4_is_H264_yuv420p_with_every_frame_at_the_given_rate()
    {
        using var dir = new TempDir();
        var path = dir.File("clip.mp4");
        using (var frames = VideoFixtures.IndexedFrames(11, 24, 32)) Mp4Writer.Write(path, frames, 12.5);

        var probe = Ffprobe.Of(path);
        Assert.Equal(("h264", "yuv420p", 11, 32, 24), (probe.Codec, probe.PixelFormat, probe.Frames, probe.Width, probe.Height));
        Assert.Equal(12.5, probe.Fps, 6);
        using var back = VideoReader.ReadAll(path);
        Assert.Equal(Enumerable.Range(0, 11), VideoFixtures.SourceFrames(back.Frames)); // frames in order, colours kept
        Assert.Empty(Directory.GetFiles(dir.Path, ".*")); // no temporary file left
    }

    [Fact]
    public void An_odd_frame_size_is_padded_to_an_even_one_and_chunks_append()
    {
        using var dir = new TempDir();
        var path = dir.File("odd.mp4");
        using (var writer = Mp4Writer.Open(path, 15, 17, 10))
        {
            using var a = VideoFixtures.IndexedFrames(3, 15, 17);
            using var b = VideoFixtures.IndexedFrames(2, 15, 17);
            writer.Append(a);
            writer.Append(b);
            writer.Complete();
        }
        var probe = Ffprobe.Of(path);
        Assert.Equal((5, 18, 16), (probe.Frames, probe.Width, probe.Height));
    }

    [Fact]
    public void An_abandoned_MP4_leaves_no_file()
    {
        using var dir = new TempDir();
        var path = dir.File("gone.mp4");
        using (var writer = Mp4Writer.Open(path, 16, 16, 10))
        {
            using var a = VideoFixtures.IndexedFrames(3, 16, 16);
            writer.Append(a);
        } // disposed without Complete
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Depth_frames_become_16_bit_PNGs_holding_the_values_in_thousandths()
    {
        using var dir = new TempDir();
        using var depth = TorchSharp.torch.tensor(new float[] { 0.5f, 1.25f, 10f, 70f, float.PositiveInfinity, 0.001f, 2f, 3f }, [2, 2, 2]);
        Png16Writer.Write(dir.File("d.png"), depth, 1000, replace: false);

        Assert.Equal(["frame-00000.png", "frame-00001.png"], Directory.GetFiles(dir.File("d.png")).Select(Path.GetFileName).Order());
        Assert.Equal("gray16be", Ffprobe.PixelFormatOf(dir.File("d.png/frame-00000.png")));
        Assert.Equal(new ushort[] { 500, 1250, 10000, 65535 }, Ffprobe.Gray16(dir.File("d.png/frame-00000.png"))); // 70 m clamps to the 16-bit maximum
        Assert.Equal(new ushort[] { 0, 1, 2000, 3000 }, Ffprobe.Gray16(dir.File("d.png/frame-00001.png")));        // +∞ (no surface) is 0
    }
}
