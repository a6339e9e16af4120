using ImageMagick;
using TorchSharp;
using UnityVideo.Core.Video;

namespace UnityVideo.Tests.Visualization;

public sealed class FrameWriterTests
{
    [Fact]
    public void A_written_gif_reads_back_with_every_frame_its_size_colours_and_frame_delay()
    {
        using var dir = new TempDir();
        using var scope = torch.NewDisposeScope();
        var frames = torch.zeros(3, 10, 14, 3, dtype: torch.uint8); // [T, H, W, 3]
        frames[0, .., .., 0] = torch.tensor((byte)255);             // red, green, blue frames
        frames[1, .., .., 1] = torch.tensor((byte)255);
        frames[2, .., .., 2] = torch.tensor((byte)255);
        var path = dir.File("clip.gif");

        FrameWriter.WriteGif(path, frames, fps: 10);

        using var gif = new MagickImageCollection(path);
        Assert.Equal(3, gif.Count);
        string[] expected = ["#FF0000", "#00FF00", "#0000FF"];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((14u, 10u), (gif[i].Width, gif[i].Height));
            Assert.Equal(10u, gif[i].AnimationDelay); // 1/10 s in GIF's hundredths
            using var pixels = gif[i].GetPixels();
            Assert.StartsWith(expected[i], pixels.GetPixel(7, 5).ToColor()!.ToHexString(), StringComparison.Ordinal);
        }
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Writing_into_a_missing_folder_names_the_folder_and_leaves_no_file()
    {
        using var dir = new TempDir();
        using var frames = torch.zeros(2, 4, 4, 3, dtype: torch.uint8);
        var missing = Path.Combine(dir.Path, "no-such-folder");

        var gif = Assert.Throws<DirectoryNotFoundException>(() => FrameWriter.WriteGif(Path.Combine(missing, "a.gif"), frames, 8));
        var png = Assert.Throws<DirectoryNotFoundException>(() => FrameWriter.WritePng(Path.Combine(missing, "a.png"), frames[0]));

        Assert.Contains(missing, gif.Message, StringComparison.Ordinal);
        Assert.Contains(missing, png.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void A_png_holds_the_frame_pixel_for_pixel()
    {
        using var dir = new TempDir();
        using var scope = torch.NewDisposeScope();
        var frame = torch.randint(0, 256, [5, 7, 3]).to(torch.uint8); // [H, W, 3]
        var path = dir.File("frame.png");

        FrameWriter.WritePng(path, frame);

        using var image = new MagickImage(path);
        var back = image.GetPixels().ToByteArray(PixelMapping.RGB)!;
        Assert.Equal(frame.contiguous().data<byte>().ToArray(), back);
    }

    [Fact]
    public void A_grid_places_panels_by_row_and_column_with_separators_between()
    {
        using var scope = torch.NewDisposeScope();
        // Panel (r, c) is filled with the value 10·(r + 1) + c.
        var rows = Enumerable.Range(0, 2).Select(r => (IReadOnlyList<torch.Tensor>)Enumerable.Range(0, 3)
            .Select(c => torch.full(2, 4, 5, 3, (byte)(10 * (r + 1) + c), dtype: torch.uint8)).ToList()).ToList();

        var grid = FrameGrid.Compose(rows, separator: 2);

        Assert.Equal(new long[] { 2, 2 * 4 + 2, 3 * 5 + 2 * 2, 3 }, grid.shape);
        for (var r = 0; r < 2; r++)
            for (var c = 0; c < 3; c++)
                Assert.Equal(10 * (r + 1) + c, grid[1, r * 6 + 3, c * 7 + 4, 1].item<byte>()); // last pixel of each panel
        Assert.Equal(FrameGrid.SeparatorShade, grid[0, 4, 0, 0].item<byte>()); // the row separator
        Assert.Equal(FrameGrid.SeparatorShade, grid[0, 0, 5, 0].item<byte>()); // a column separator
    }

    [Fact]
    public void Upscaling_repeats_each_pixel_into_a_k_by_k_block()
    {
        using var scope = torch.NewDisposeScope();
        var frames = torch.randint(0, 256, [2, 3, 4, 3]).to(torch.uint8); // [T, H, W, 3]

        var up = FrameScale.Upscale(frames, 3);

        Assert.Equal(new long[] { 2, 9, 12, 3 }, up.shape);
        for (var y = 0; y < 9; y++)
            for (var x = 0; x < 12; x++)
                Assert.Equal(frames[1, y / 3, x / 3, 2].item<byte>(), up[1, y, x, 2].item<byte>());
        Assert.Equal(4, FrameScale.ToAtLeast(32, 32));
        Assert.Equal(3, FrameScale.ToAtLeast(48, 64));
    }
}
