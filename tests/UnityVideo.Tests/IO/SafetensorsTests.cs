using System.Buffers.Binary;
using System.Text;
using TorchSharp;
using UnityVideo.Core.IO;

namespace UnityVideo.Tests.IO;

public sealed class SafetensorsTests
{
    [Fact]
    public void Tensors_and_metadata_round_trip_exactly()
    {
        using var dir = new TempDir();
        var path = dir.File("clip.safetensors");
        using var rgb = torch.randint(0, 256, [2, 4, 4, 3], dtype: torch.uint8);
        using var depth = torch.rand(2, 4, 4).to(torch.float16);
        var w = new SafetensorsWriter().Add("rgb", rgb).Add("depth", depth);
        w.Metadata["caption"] = "a person walks left";

        w.Save(path);
        using var r = SafetensorsReader.Open(path);

        Assert.Equal("a person walks left", r.Metadata["caption"]);
        using var rgb2 = r.ReadTensor("rgb");
        using var depth2 = r.ReadTensor("depth");
        Assert.Equal(torch.uint8, rgb2.dtype);
        Assert.Equal(new long[] { 2, 4, 4, 3 }, rgb2.shape);
        Assert.True(rgb.eq(rgb2).all().item<bool>());
        Assert.True(depth.eq(depth2).all().item<bool>());
    }

    [Fact]
    public void Layout_matches_the_reference_format()
    {
        using var dir = new TempDir();
        var path = dir.File("x.safetensors");
        new SafetensorsWriter().Add("a", SafetensorsDType.F32, [2], new byte[8]).Add("b", SafetensorsDType.U8, [3], [1, 2, 3]).Save(path);

        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8); // header padded to 8 bytes
        var header = Encoding.UTF8.GetString(bytes, 8, n).TrimEnd(' ');
        Assert.Contains("\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", header, StringComparison.Ordinal);
        Assert.Contains("\"b\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[8,11]}", header, StringComparison.Ordinal);
        Assert.Equal(8 + n + 11, bytes.Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes[^3..]);
    }

    [Fact]
    public void A_truncated_file_is_one_clear_error_naming_it()
    {
        using var dir = new TempDir();
        var path = dir.File("cut.safetensors");
        new SafetensorsWriter().Add("rgb", SafetensorsDType.U8, [100], new byte[100]).Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsReader.Open(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_lies_about_sizes_is_rejected()
    {
        using var dir = new TempDir();
        var path = dir.File("lies.safetensors");
        WriteRaw(path, "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}", new byte[8]);

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsReader.Open(path));
        Assert.Contains("needs 16 bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"x\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,1]}}")]
    [InlineData("{\"x\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}}")]
    public void A_malformed_header_is_rejected_with_the_file_name(string header)
    {
        using var dir = new TempDir();
        var path = dir.File("bad.safetensors");
        WriteRaw(path, header, new byte[4]);

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsReader.Open(path));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_rejected()
    {
        using var dir = new TempDir();
        var path = dir.File("short.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1_000_000);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsReader.Open(path));
        Assert.Contains("header claims", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expect_names_the_wrong_dtype_or_shape()
    {
        using var dir = new TempDir();
        var path = dir.File("d.safetensors");
        new SafetensorsWriter().Add("depth", SafetensorsDType.F32, [2, 3], new byte[24]).Save(path);
        using var r = SafetensorsReader.Open(path);

        Assert.Contains("is F32, expected F16", Assert.Throws<SafetensorsFormatException>(() => r.Expect("depth", SafetensorsDType.F16, -1, -1)).Message, StringComparison.Ordinal);
        Assert.Contains("shape [2, 3], expected [*, *, *]", Assert.Throws<SafetensorsFormatException>(() => r.Expect("depth", SafetensorsDType.F32, -1, -1, -1)).Message, StringComparison.Ordinal);
        Assert.Contains("no tensor named 'flow'", Assert.Throws<SafetensorsFormatException>(() => r.Get("flow")).Message, StringComparison.Ordinal);
        Assert.Equal(new long[] { 2, 3 }, r.Expect("depth", SafetensorsDType.F32, 2, -1).Shape);
    }

    [Fact]
    public void A_failed_save_leaves_the_previous_file_intact()
    {
        using var dir = new TempDir();
        var path = dir.File("keep.safetensors");
        File.WriteAllText(path, "previous");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1000]);
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}", 6, "overlaps tensor 'a'")]
    [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[4,6]}}", 6, "leaving a gap after tensor 'a'")]
    [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]}}", 4, "leaving a gap after the header")]
    [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", 7, "3 bytes follow the last tensor's data")]
    [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[4,2]}}", 4, "bad data_offsets")]
    [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]}}", 4, "the tensor 'a' twice")]
    [InlineData("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, "the key 'k' twice")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4],\"data_offsets\":[0,4]}}", 4, "more elements than any file can hold")]
    public void Offsets_must_tile_the_data_exactly_and_keys_be_unique(string header, int dataBytes, string problem)
    {
        using var dir = new TempDir();
        var path = dir.File("bad.safetensors");
        WriteRaw(path, header, new byte[dataBytes]);

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsReader.Open(path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensors_listed_in_another_order_than_their_data_are_read_correctly()
    {
        using var dir = new TempDir();
        var path = dir.File("order.safetensors");
        WriteRaw(path, "{\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]},\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", [1, 2, 3, 4]);

        using var r = SafetensorsReader.Open(path);

        Assert.Equal(new byte[] { 3, 4 }, r.ReadBytes("b"));
    }

    [Fact]
    public void A_header_over_the_size_limit_says_so_rather_than_truncated()
    {
        using var dir = new TempDir();
        var path = dir.File("huge.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1_000_000_000);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsReader.Open(path));

        Assert.Contains("over the format's limit of 100000000 bytes", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("truncated", e.Message, StringComparison.Ordinal);
    }

    private static void WriteRaw(string path, string header, byte[] data)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var len = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)h.Length);
        File.WriteAllBytes(path, [.. len, .. h, .. data]);
    }
}
