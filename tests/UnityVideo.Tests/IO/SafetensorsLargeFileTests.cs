using System.Buffers.Binary;
using System.Text;
using UnityVideo.Core.IO;
using static TorchSharp.torch;

namespace UnityVideo.Tests.IO;

/// <summary>
/// Files past 2 GB (every real backbone checkpoint): offsets are 64-bit and a tensor is read from its own offset
/// without touching the rest of the file. The 3 GB file is sparse — a hole the size of the first tensor — so the
/// test writes a few bytes, not gigabytes.
/// </summary>
public sealed class SafetensorsLargeFileTests
{
    private const long Hole = 3_000_000_000; // bytes of the first tensor, past int32

    [Fact]
    public void A_tensor_behind_3_GB_of_other_data_reads_back_exactly()
    {
        using var tmp = new TempDir();
        var path = tmp.File("large.safetensors");
        var header = Encoding.UTF8.GetBytes(
            $$$"""{"__metadata__":{"what":"sparse"},"hole":{"dtype":"U8","shape":[{{{Hole}}}],"data_offsets":[0,{{{Hole}}}]},"tail":{"dtype":"F32","shape":[2,2],"data_offsets":[{{{Hole}}},{{{Hole + 16}}}]}}""");
        var tail = new[] { 1.5f, -2.25f, 3e-7f, 42f };
        using (var fs = new FileStream(path, FileMode.CreateNew))
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)header.Length);
            fs.Write(len);
            fs.Write(header);
            fs.SetLength(fs.Position + Hole); // a hole: nothing written
            fs.Position = fs.Length;
            Span<byte> b = stackalloc byte[4];
            foreach (var v in tail)
            {
                BinaryPrimitives.WriteSingleLittleEndian(b, v);
                fs.Write(b);
            }
        }
        Assert.True(new FileInfo(path).Length > int.MaxValue);

        using var reader = SafetensorsReader.Open(path);
        using var t = reader.ReadTensor("tail");

        Assert.Equal(Hole, reader.Get("tail").Begin);
        Assert.Equal(new long[] { 2, 2 }, t.shape);
        Assert.Equal(tail, t.data<float>().ToArray());
    }

    [Fact]
    public void Trailing_bytes_after_3_GB_are_still_rejected()
    {
        using var tmp = new TempDir();
        var path = tmp.File("trailing.safetensors");
        var header = Encoding.UTF8.GetBytes($$$"""{"hole":{"dtype":"U8","shape":[{{{Hole}}}],"data_offsets":[0,{{{Hole}}}]}}""");
        using (var fs = new FileStream(path, FileMode.CreateNew))
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)header.Length);
            fs.Write(len);
            fs.Write(header);
            fs.SetLength(fs.Position + Hole + 3);
        }

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsReader.Open(path));

        Assert.Contains("3 bytes follow the last tensor", e.Message, StringComparison.Ordinal);
    }
}
