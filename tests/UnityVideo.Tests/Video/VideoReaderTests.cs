using TorchSharp;
using UnityVideo.Core.Video;

namespace UnityVideo.Tests.VideoFiles; // not ".Video": tests elsewhere name a member Video

public sealed class VideoReaderTests
{
    [Theory]
    [InlineData("clip.mp4")]
    [InlineData("clip.avi")]
    public void A_written_video_reads_back_with_its_frame_count_size_rate_and_every_frame_in_order(string name)
    {
        using var dir = new TempDir();
        var path = VideoFixtures.Write(dir.File(name), count: 12, fps: 10, height: 24, width: 32);

        var info = VideoReader.Probe(path);
        using var clip = VideoReader.ReadClip(path, new VideoSampling { Frames = 12, Height = 24, Width = 32 });

        Assert.Equal((12, 32, 24), (info.FrameCount, info.Width, info.Height));
        Assert.Equal(10, info.Fps, 3);
        Assert.Equal(new long[] { 12, 24, 32, 3 }, clip.Frames.shape);
        Assert.Equal(torch.uint8, clip.Frames.dtype);
        Assert.Equal(Enumerable.Range(0, 12), VideoFixtures.SourceFrames(clip.Frames));
        Assert.Equal(10, clip.Fps, 3);
        Assert.Equal([name], Directory.GetFiles(dir.Path).Select(Path.GetFileName)); // no temporary file left
    }

    [Fact]
    public void A_frame_stride_takes_every_kth_frame_and_divides_the_rate()
    {
        using var dir = new TempDir();
        var path = VideoFixtures.Write(dir.File("v.mp4"), count: 12, fps: 12);

        using var clip = VideoReader.ReadClip(path, VideoSampling.Square(16, frames: 4, stride: 3));

        Assert.Equal([0, 3, 6, 9], VideoFixtures.SourceFrames(clip.Frames));
        Assert.Equal(4, clip.Fps, 6);
        Assert.Equal(new long[] { 4, 16, 16, 3 }, clip.Frames.shape);
    }

    [Fact]
    public void A_target_rate_picks_the_source_frames_nearest_to_each_sample_time()
    {
        using var dir = new TempDir();
        var path = VideoFixtures.Write(dir.File("v.mp4"), count: 12, fps: 10);

        using var clip = VideoReader.ReadClip(path, new VideoSampling { Frames = 4, Height = 16, Width = 16, TargetFps = 4 });

        // Sample k at k/4 s; source frame j at j/10 s: nearest j = 10k/4 = 0, 2.5, 5, 7.5 → 0, 3 (tie: later), 5, 8.
        Assert.Equal([0, 3, 5, 8], VideoFixtures.SourceFrames(clip.Frames));
        Assert.Equal(4, clip.Fps, 6);
    }

    [Fact]
    public void A_target_rate_above_the_source_rate_repeats_frames()
    {
        using var dir = new TempDir();
        var path = VideoFixtures.Write(dir.File("v.avi"), count: 6, fps: 5);

        using var clip = VideoReader.ReadClip(path, new VideoSampling { Frames = 5, Height = 16, Width = 16, TargetFps = 10 });

        // Sample k at k/10 s → j = k/2 = 0, 0.5, 1, 1.5, 2 → 0, 1, 1, 2, 2.
        Assert.Equal([0, 1, 1, 2, 2], VideoFixtures.SourceFrames(clip.Frames));
    }

    [Fact]
    public void Successive_clips_step_through_the_video_by_the_clip_stride_and_drop_a_short_tail()
    {
        using var dir = new TempDir();
        var path = VideoFixtures.Write(dir.File("v.mp4"), count: 11, fps: 10);

        var back = Starts(path, new VideoSampling { Frames = 4, Height = 16, Width = 16 });
        var overlapping = Starts(path, new VideoSampling { Frames = 4, Height = 16, Width = 16, ClipStride = 2 });
        var sparse = Starts(path, new VideoSampling { Frames = 2, Height = 16, Width = 16, FrameStride = 2, ClipStride = 3 });

        // 11 frames, T = 4: [0‥3], [4‥7]; 8‥10 is too short.
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7]], back);
        Assert.Equal([[0, 1, 2, 3], [2, 3, 4, 5], [4, 5, 6, 7], [6, 7, 8, 9]], overlapping);
        // Sampled frames are source 0, 2, 4, …, 10; clips start at samples 0 and 3 → sources [0, 2] and [6, 8].
        Assert.Equal([[0, 2], [6, 8]], sparse);
    }

    [Fact]
    public void A_non_square_source_is_scaled_so_its_shorter_side_fits_and_centre_cropped()
    {
        using var dir = new TempDir();
        // 64 × 32: red and blue side bands of 16 px; the middle 32 × 32 square holds four coloured quadrants.
        int[][] quadrant = [[0, 200, 0], [230, 230, 0], [240, 240, 240], [220, 0, 220]]; // TL green, TR yellow, BL white, BR magenta
        using var frames = torch.zeros(3, 32, 64, 3, dtype: torch.uint8); // [T, H, W, 3]
        frames[.., .., ..16] = torch.tensor(new byte[] { 255, 0, 0 });
        frames[.., .., 48..] = torch.tensor(new byte[] { 0, 0, 255 });
        for (var q = 0; q < 4; q++)
            frames[.., (q / 2 * 16)..(q / 2 * 16 + 16), (16 + q % 2 * 16)..(32 + q % 2 * 16)] = torch.tensor(quadrant[q].Select(v => (byte)v).ToArray());
        var path = dir.File("wide.avi");
        VideoFileWriter.Write(path, frames, fps: 8);

        using var clip = VideoReader.ReadClip(path, VideoSampling.Square(16, frames: 2));

        // Scaled by ½ to 32 × 16, then the middle 16 columns: exactly the quadrant square, 8 px per quadrant.
        var first = clip.Frames[0].to(torch.float32); // [16, 16, 3]
        for (var q = 0; q < 4; q++)
        {
            var mean = first[(q / 2 * 8 + 2)..(q / 2 * 8 + 6), (q % 2 * 8 + 2)..(q % 2 * 8 + 6)].mean([0, 1]).data<float>().ToArray();
            for (var c = 0; c < 3; c++)
                Assert.True(Math.Abs(mean[c] - quadrant[q][c]) < 30, $"quadrant {q} channel {c}: {mean[c]:F0}, expected {quadrant[q][c]}");
        }
        // The outermost columns show the quadrants too: no trace of the red and blue side bands.
        for (var q = 0; q < 4; q++)
        {
            var column = first[(q / 2 * 8 + 1)..(q / 2 * 8 + 7), q % 2 * 15]; // [6, 3]
            var worst = column.sub(torch.tensor(quadrant[q].Select(v => (float)v).ToArray())).abs().max().item<float>();
            Assert.True(worst < 40, $"edge column of quadrant {q} is off by {worst:F0} from its colour");
        }
    }

    private static int[][] Starts(string path, VideoSampling sampling) =>
        VideoReader.Clips(path, sampling).Select(c =>
        {
            using (c) return VideoFixtures.SourceFrames(c.Frames);
        }).ToArray();
}
