using UnityVideo.Tests.Synthetic;
using System.Buffers.Binary;
using System.Text;
using TorchSharp;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;

namespace UnityVideo.Tests.Data;

public sealed class ClipFileTests
{
    [Fact]
    public void A_synthetic_clip_round_trips_with_every_modality_and_its_metadata()
    {
        using var dir = new TempDir();
        var clip = ClipFixtures.Synthetic(1);
        var arrays = UnityVideo.Host.Data.SyntheticClipArrays.From(clip);
        var path = dir.File("c.safetensors");
        ClipFile.Write(path, arrays);

        using var s = ClipFile.Read(path);
        Assert.Equal(new long[] { 3, 12, 16, 3 }, s.Rgb.shape);
        Assert.Equal(torch.uint8, s.Rgb.dtype);
        Assert.Equal(clip.Rgb, s.Rgb.bytes.ToArray());
        var depth = s.Get("depth")!;
        Assert.Equal(torch.float16, depth.dtype);
        Assert.Equal(new long[] { 3, 12, 16 }, depth.shape);
        var d = depth.to(torch.float32).data<float>().ToArray();
        for (var i = 0; i < d.Length; i++) Assert.Equal(clip.GroundTruth.Depth[i], d[i], clip.GroundTruth.Depth[i] * 1e-3f);
        var flow = s.Get("flow")!.to(torch.float32).data<float>().ToArray();
        for (var i = 0; i < flow.Length; i++) Assert.Equal(clip.GroundTruth.Flow[i], flow[i], 1e-2f + Math.Abs(clip.GroundTruth.Flow[i]) * 1e-3f);
        Assert.Equal(clip.GroundTruth.InstanceIds, s.Get("instances")!.bytes.ToArray());
        Assert.Equal(clip.GroundTruth.Iuv, s.Get("iuv")!.bytes.ToArray());
        Assert.Equal(clip.GroundTruth.Joints, s.Get("joints")!.data<float>().ToArray());
        Assert.Equal(torch.float32, s.Get("joints")!.dtype);

        Assert.Equal(clip.Caption, s.Metadata.Caption);
        Assert.Equal(clip.Fps, s.Metadata.Fps);
        Assert.Equal(4UL, s.Metadata.Seed);
        Assert.Equal(1, s.Metadata.Index);
        Assert.Equal("train", s.Metadata.Split);
        Assert.Equal("synthetic", s.Metadata.Source);
        Assert.Equal(clip.GroundTruth.InstanceClasses, s.Metadata.Classes);
        Assert.Equal(clip.GroundTruth.Intrinsics, s.Metadata.Intrinsics);
        Assert.Equal(clip.GroundTruth.Skeletons, s.Metadata.Skeletons);
    }

    [Fact]
    public void A_clip_may_carry_only_rgb_and_flow()
    {
        using var dir = new TempDir();
        var path = dir.File("real.safetensors");
        ClipFile.Write(path, new ClipArrays
        {
            Frames = 2, Height = 4, Width = 5, Rgb = new byte[2 * 4 * 5 * 3], Flow = new float[2 * 4 * 5 * 2],
            Metadata = new ClipMetadata { Caption = "a street", Fps = 25, Source = "street.mp4" },
        });
        using var s = ClipFile.Read(path);
        Assert.Equal(["flow"], s.Modalities.Keys);
        Assert.Null(s.Metadata.Classes);
        Assert.Equal("street.mp4", s.Metadata.Source);
    }

    [Fact]
    public void A_reader_that_needs_one_modality_loads_only_it_and_the_rgb()
    {
        using var dir = new TempDir();
        ClipFile.Write(dir.File("c.safetensors"), UnityVideo.Host.Data.SyntheticClipArrays.From(ClipFixtures.Synthetic(1)));
        DatasetManifest.Write(Path.Combine(dir.Path, DatasetManifest.FileName), [new ManifestEntry
        {
            File = "c.safetensors", Caption = "a clip", Frames = 3, Height = 12, Width = 16, Fps = 12,
            Modalities = ["rgb", "depth", "flow", "instances", "iuv", "joints"],
        }]);

        using var one = ClipFile.Read(dir.File("c.safetensors"), new HashSet<string> { "depth" });
        Assert.Equal(["depth"], one.Modalities.Keys);
        Assert.Equal(new long[] { 3, 12, 16, 3 }, one.Rgb.shape);

        using var fromDataset = ClipDataset.Open(dir.Path, ["flow"]).Read(0);          // the manifest lists all five
        Assert.Equal(["flow"], fromDataset.Modalities.Keys);
    }

    [Fact]
    public void A_truncated_file_is_one_clear_error_naming_it()
    {
        using var dir = new TempDir();
        var path = dir.File("cut.safetensors");
        ClipFile.Write(path, ClipFixtures.Arrays());
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);
        var e = Assert.Throws<DatasetFormatException>(() => ClipFile.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_lies_about_sizes_is_one_clear_error()
    {
        using var dir = new TempDir();
        var path = dir.File("lie.safetensors");
        ClipFile.Write(path, ClipFixtures.Arrays());
        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = Encoding.UTF8.GetString(bytes, 8, n);
        // Claim a bigger rgb than the bytes it spans.
        var lied = header.Replace("\"shape\":[3,12,16,3]", "\"shape\":[3,12,16,4]", StringComparison.Ordinal);
        Assert.NotEqual(header, lied);
        Encoding.UTF8.GetBytes(lied).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DatasetFormatException>(() => ClipFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("rgb", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Depth_of_the_wrong_shape_is_one_clear_error()
    {
        using var dir = new TempDir();
        var path = dir.File("shape.safetensors");
        ClipFixtures.WriteRaw(path, w => w.Add("depth", SafetensorsDType.F16, [2, 4, 6], new byte[2 * 4 * 6 * 2]));
        var e = Assert.Throws<DatasetFormatException>(() => ClipFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("'depth'", e.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 4, 6]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Depth_stored_as_F32_instead_of_F16_is_one_clear_error()
    {
        using var dir = new TempDir();
        var path = dir.File("dtype.safetensors");
        ClipFixtures.WriteRaw(path, w => w.Add("depth", SafetensorsDType.F32, [2, 4, 5], new byte[2 * 4 * 5 * 4]));
        var e = Assert.Throws<DatasetFormatException>(() => ClipFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("F32", e.Message, StringComparison.Ordinal);
        Assert.Contains("F16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_metadata_is_one_clear_error()
    {
        using var dir = new TempDir();
        var path = dir.File("meta.safetensors");
        ClipFixtures.WriteRaw(path, _ => { }, caption: false);
        var e = Assert.Throws<DatasetFormatException>(() => ClipFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("caption", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Instances_without_classes_or_joints_without_skeletons_are_clear_errors()
    {
        using var dir = new TempDir();
        var a = dir.File("inst.safetensors");
        ClipFixtures.WriteRaw(a, w => w.Add("instances", SafetensorsDType.U8, [2, 4, 5], new byte[40]));
        Assert.Contains("classes", Assert.Throws<DatasetFormatException>(() => ClipFile.Read(a)).Message, StringComparison.Ordinal);
        var b = dir.File("joints.safetensors");
        ClipFixtures.WriteRaw(b, w => w.Add("joints", SafetensorsDType.F32, [2, 1, 17, 3], new byte[2 * 17 * 3 * 4]));
        Assert.Contains("skeletons", Assert.Throws<DatasetFormatException>(() => ClipFile.Read(b)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_one_clear_error()
    {
        using var dir = new TempDir();
        var path = dir.File("nope.safetensors");
        var e = Assert.Throws<DatasetFormatException>(() => ClipFile.Read(path));
        Assert.Equal(path, e.FilePath);
    }
}
