using ImageMagick;

namespace UnityVideo.Tests.Cli;

public sealed class DataShowCommandTests
{
    private const int Size = 16, Frames = 3;

    [Fact]
    public void Data_show_writes_a_grid_of_six_panels_per_clip_one_row_per_clip()
    {
        using var dir = new TempDir();
        var data = Synth(dir, clips: 2);
        var gif = dir.File("show.gif");

        var r = CliRunner.Run("data", "show", "--data", data, "--out", gif);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("rgb | depth | flow | skeleton | densepose | segmentation", r.Stdout, StringComparison.Ordinal);
        // Default scale: the smallest integer making a 16-px panel at least 128 px; 2-px separators between panels.
        var panel = Size * (int)Math.Ceiling(128.0 / Size);
        AssertGif(gif, Frames, width: 6 * panel + 5 * 2, height: 2 * panel + 2);
    }

    [Fact]
    public void Data_show_of_one_clip_at_a_chosen_scale_is_one_row()
    {
        using var dir = new TempDir();
        var data = Synth(dir, clips: 2);
        var gif = dir.File("one.gif");

        var r = CliRunner.Run("data", "show", "--data", data, "--clip", "1", "--scale", "3", "--out", gif);

        Assert.Equal(0, r.ExitCode);
        AssertGif(gif, Frames, width: 6 * Size * 3 + 5 * 2, height: Size * 3);
    }

    [Theory]
    [InlineData("missing-data", "does not exist")]
    [InlineData("clip-out-of-range", "--clip 5 is out of range")]
    [InlineData("not-gif", "--out must name a .gif file")]
    [InlineData("missing-out-folder", "--out: folder")]
    public void Data_show_rejects_bad_input_with_one_clear_error_and_writes_nothing(string problem, string message)
    {
        using var dir = new TempDir();
        var data = Synth(dir, clips: 2);
        var outDir = Path.Combine(dir.Path, "out");
        Directory.CreateDirectory(outDir);
        string[] args = problem switch
        {
            "missing-data" => ["--data", Path.Combine(dir.Path, "nope"), "--out", Path.Combine(outDir, "a.gif")],
            "clip-out-of-range" => ["--data", data, "--clip", "5", "--out", Path.Combine(outDir, "a.gif")],
            "not-gif" => ["--data", data, "--out", Path.Combine(outDir, "a.png")],
            _ => ["--data", data, "--out", Path.Combine(outDir, "sub", "a.gif")],
        };

        var r = CliRunner.Run(["data", "show", .. args]);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(outDir));
    }

    [Fact]
    public void Synthesising_and_showing_data_never_loads_opencv_native_code()
    {
        // Machines without OpenCV's system dependencies (libgtk-3-0) must still run the synthetic path.
        using var dir = new TempDir();
        var data = Synth(dir, clips: 1);
        var r = CliRunner.RunWithEnvironment(
            new Dictionary<string, string> { ["LD_DEBUG"] = "libs" }, // the dynamic loader reports every library it opens
            "data", "show", "--data", data, "--out", dir.File("a.gif"));

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Magick.Native", r.Stderr + r.Stdout, StringComparison.Ordinal); // the probe does see native loads (the GIF writer's)
        Assert.DoesNotContain("OpenCvSharpExtern", r.Stderr + r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_show_never_overwrites_a_file_without_force()
    {
        using var dir = new TempDir();
        var data = Synth(dir, clips: 1);
        var gif = dir.File("mine.gif");
        File.WriteAllText(gif, "my own picture");

        var refused = CliRunner.Run("data", "show", "--data", data, "--out", gif);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("exists; pass --force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("my own picture", File.ReadAllText(gif));

        var forced = CliRunner.Run("data", "show", "--data", data, "--out", gif, "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.NotEqual("my own picture", File.ReadAllText(gif));
    }

    [Fact]
    public void A_clip_whose_shape_overflows_is_one_error_naming_the_file()
    {
        using var dir = new TempDir();
        var data = Synth(dir, clips: 1);
        var shard = UnityVideo.Core.Data.ClipDataset.Open(data).PathOf(0);
        var header = System.Text.Encoding.UTF8.GetBytes("{\"rgb\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296,16,3],\"data_offsets\":[0,4]}}");
        var length = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        File.WriteAllBytes(shard, [.. length, .. header, 0, 0, 0, 0]);

        var r = CliRunner.Run("data", "show", "--data", data, "--out", dir.File("x.gif"));

        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"error: {shard}: tensor 'rgb': shape [4294967296, 4294967296, 16, 3] has more elements than any file can hold", r.Stderr.Trim());
        Assert.False(File.Exists(dir.File("x.gif")));
    }

    private static string Synth(TempDir dir, int clips)
    {
        var data = Path.Combine(dir.Path, "data");
        var r = CliRunner.Run("data", "synth", "--out", data, "--clips", clips.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--size", Size.ToString(System.Globalization.CultureInfo.InvariantCulture), "--frames", Frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, r.ExitCode);
        return data;
    }

    private static void AssertGif(string path, int frames, int width, int height)
    {
        using var gif = new MagickImageCollection(path);
        Assert.Equal(frames, gif.Count);
        foreach (var f in gif) Assert.Equal(((uint)width, (uint)height), (f.Width, f.Height));
    }
}
