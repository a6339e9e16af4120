using System.Buffers.Binary;
using System.Text.Json;

namespace UnityVideo.Core.IO;

/// <summary>
/// Reads a safetensors file: an 8-byte little-endian header length N, N bytes of JSON header
/// (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string: string}}</c>), then
/// the raw little-endian tensor bytes. The header is fully validated on open, so a truncated file or a
/// header that lies about sizes fails here, with the file name, and not later.
/// </summary>
public sealed class SafetensorsReader : IDisposable
{
    /// <summary>Largest header accepted (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private readonly FileStream stream;
    private readonly long dataStart;

    private SafetensorsReader(string path, FileStream stream, long dataStart,
        IReadOnlyDictionary<string, SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        this.stream = stream;
        this.dataStart = dataStart;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Tensor entries by name, in header order.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens and validates a file.</summary>
    /// <exception cref="SafetensorsFormatException">The file is missing, truncated or malformed.</exception>
    public static SafetensorsReader Open(string path)
    {
        if (!File.Exists(path)) throw new SafetensorsFormatException(path, "file not found");
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        try
        {
            return Parse(path, fs);
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    private static SafetensorsReader Parse(string path, FileStream fs)
    {
        var length = fs.Length;
        if (length < 8) throw new SafetensorsFormatException(path, $"file is {length} bytes, too short for a safetensors header");
        Span<byte> lenBytes = stackalloc byte[8];
        fs.ReadExactly(lenBytes);
        var headerLen = BinaryPrimitives.ReadUInt64LittleEndian(lenBytes);
        if (headerLen > MaxHeaderBytes)
            throw new SafetensorsFormatException(path, $"header claims {headerLen} bytes, over the format's limit of {MaxHeaderBytes} bytes (not a safetensors file, or a corrupt length field)");
        if ((long)headerLen > length - 8)
            throw new SafetensorsFormatException(path, $"header claims {headerLen} bytes but the file has {length - 8} after the length field (truncated or not safetensors)");
        var header = new byte[headerLen];
        fs.ReadExactly(header);

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(path, $"header is not valid JSON ({e.Message})");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new SafetensorsFormatException(path, "header is not a JSON object");
            var dataStart = 8 + (long)headerLen;
            var dataLength = length - dataStart;
            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seenMetadata = false;
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    if (seenMetadata) throw new SafetensorsFormatException(path, "header has '__metadata__' twice");
                    seenMetadata = true;
                    if (prop.Value.ValueKind != JsonValueKind.Object) throw new SafetensorsFormatException(path, "__metadata__ is not an object");
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String) throw new SafetensorsFormatException(path, $"__metadata__.{m.Name} is not a string");
                        if (!metadata.TryAdd(m.Name, m.Value.GetString()!)) throw new SafetensorsFormatException(path, $"__metadata__ has the key '{m.Name}' twice");
                    }
                    continue;
                }
                if (!tensors.TryAdd(prop.Name, ParseEntry(path, prop, dataLength)))
                    throw new SafetensorsFormatException(path, $"header has the tensor '{prop.Name}' twice");
            }
            CheckLayout(path, tensors.Values, dataLength);
            return new SafetensorsReader(path, fs, dataStart, tensors, metadata);
        }
    }

    // As the reference implementation: the tensors, taken in offset order, tile the data section exactly — each
    // begins where the previous one ends, the first at 0, the last at the end of the file. Overlaps would let two
    // tensors alias each other's bytes; gaps and trailing bytes are data nobody can account for.
    private static void CheckLayout(string path, IEnumerable<SafetensorsTensorInfo> tensors, long dataLength)
    {
        var position = 0L;
        string? previous = null;
        foreach (var t in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (t.Begin < position)
                throw new SafetensorsFormatException(path, $"tensor '{t.Name}' (bytes {t.Begin}..{t.End}) overlaps tensor '{previous}' (ends at {position})");
            if (t.Begin > position)
                throw new SafetensorsFormatException(path, $"tensor '{t.Name}' begins at byte {t.Begin}, leaving a gap after {(previous is null ? "the header" : $"tensor '{previous}'")} (ends at {position})");
            position = t.End;
            previous = t.Name;
        }
        if (position != dataLength)
            throw new SafetensorsFormatException(path, $"{dataLength - position} bytes follow the last tensor's data (the header accounts for {position} of {dataLength})");
    }

    private static SafetensorsTensorInfo ParseEntry(string path, JsonProperty prop, long dataLength)
    {
        var e = prop.Value;
        string where = $"tensor '{prop.Name}'";
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String
            || !e.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array
            || !e.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw new SafetensorsFormatException(path, $"{where}: entry needs dtype, shape and data_offsets [begin, end]");
        if (!Enum.TryParse<SafetensorsDType>(dt.GetString(), ignoreCase: false, out var dtype))
            throw new SafetensorsFormatException(path, $"{where}: unknown dtype '{dt.GetString()}'");
        var shape = new long[sh.GetArrayLength()];
        var i = 0;
        foreach (var d in sh.EnumerateArray())
        {
            if (!d.TryGetInt64(out var v) || v < 0) throw new SafetensorsFormatException(path, $"{where}: shape has a negative or non-integer dimension");
            shape[i++] = v;
        }
        if (!off[0].TryGetInt64(out var begin) || !off[1].TryGetInt64(out var end) || begin < 0 || end < begin)
            throw new SafetensorsFormatException(path, $"{where}: bad data_offsets");
        var info = new SafetensorsTensorInfo(prop.Name, dtype, shape, begin, end);
        long expected;
        try
        {
            expected = checked(info.ElementCount * dtype.ElementSize());
        }
        catch (OverflowException)
        {
            throw new SafetensorsFormatException(path, $"{where}: shape {info.ShapeText} has more elements than any file can hold");
        }
        if (end - begin != expected)
            throw new SafetensorsFormatException(path, $"{where}: {dtype} {info.ShapeText} needs {expected} bytes but data_offsets span {end - begin}");
        if (end > dataLength)
            throw new SafetensorsFormatException(path, $"{where}: data ends at byte {end} but the file holds only {dataLength} data bytes (truncated)");
        return info;
    }

    /// <summary>Returns the raw little-endian bytes of one tensor.</summary>
    /// <exception cref="SafetensorsFormatException">No tensor of that name.</exception>
    public byte[] ReadBytes(string name)
    {
        var info = Get(name);
        var buffer = new byte[info.End - info.Begin];
        ReadInto(name, buffer);
        return buffer;
    }

    /// <summary>
    /// Reads one tensor's raw bytes straight into <paramref name="destination"/> (e.g. a tensor's own memory), which
    /// must be exactly the tensor's size: one tensor at a time, from its 64-bit file offset, with no intermediate copy.
    /// </summary>
    /// <exception cref="SafetensorsFormatException">No tensor of that name.</exception>
    /// <exception cref="ArgumentException">The destination's size differs from the tensor's.</exception>
    public void ReadInto(string name, Span<byte> destination)
    {
        var info = Get(name);
        if (destination.Length != info.End - info.Begin)
            throw new ArgumentException($"tensor '{name}' has {info.End - info.Begin} bytes; the destination holds {destination.Length}", nameof(destination));
        lock (stream)
        {
            stream.Position = dataStart + info.Begin;
            stream.ReadExactly(destination);
        }
    }

    /// <summary>The entry for <paramref name="name"/>, or a clear error naming the file and what it holds.</summary>
    public SafetensorsTensorInfo Get(string name) =>
        Tensors.TryGetValue(name, out var info) ? info
            : throw new SafetensorsFormatException(Path, $"no tensor named '{name}' (it holds: {string.Join(", ", Tensors.Keys)})");

    /// <summary>
    /// Checks that <paramref name="name"/> exists with the given dtype and rank; dimensions given as -1 are free.
    /// </summary>
    public SafetensorsTensorInfo Expect(string name, SafetensorsDType dtype, params long[] shape)
    {
        var info = Get(name);
        if (info.DType != dtype)
            throw new SafetensorsFormatException(Path, $"tensor '{name}' is {info.DType}, expected {dtype}");
        var ok = info.Shape.Length == shape.Length && shape.Zip(info.Shape).All(p => p.First < 0 || p.First == p.Second);
        if (!ok)
            throw new SafetensorsFormatException(Path, $"tensor '{name}' has shape {info.ShapeText}, expected [{string.Join(", ", shape.Select(s => s < 0 ? "*" : s.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]");
        return info;
    }

    /// <inheritdoc />
    public void Dispose() => stream.Dispose();
}
