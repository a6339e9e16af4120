using TorchSharp;

namespace UnityVideo.Abstractions;

/// <summary>
/// One named buffer of a synthetic scene's ground truth: a float32 or uint8 array and its shape (the layouts of
/// <see cref="GroundTruthBufferNames"/>). The array is shared, not copied; treat it as read-only.
/// </summary>
public sealed class GroundTruthBuffer
{
    private GroundTruthBuffer(string name, Array data, long[] shape, torch.ScalarType dtype)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var count = shape.Aggregate(1L, (a, d) => d >= 0 ? a * d : throw new ArgumentException($"Buffer '{name}' has a negative size in its shape.", nameof(shape)));
        if (data.LongLength != count)
            throw new ArgumentException($"Buffer '{name}' holds {data.LongLength} elements but its shape [{string.Join(", ", shape)}] needs {count}.", nameof(data));
        Name = name;
        Data = data;
        Shape = shape;
        DType = dtype;
    }

    /// <summary>A float32 buffer.</summary>
    public static GroundTruthBuffer Of(string name, float[] data, params long[] shape) =>
        new(name, data ?? throw new ArgumentNullException(nameof(data)), shape, torch.ScalarType.Float32);

    /// <summary>A uint8 buffer.</summary>
    public static GroundTruthBuffer Of(string name, byte[] data, params long[] shape) =>
        new(name, data ?? throw new ArgumentNullException(nameof(data)), shape, torch.ScalarType.Byte);

    /// <summary>The buffer's name, one of <see cref="GroundTruthBufferNames"/> for the synthetic world's own buffers.</summary>
    public string Name { get; }

    /// <summary>The elements, row-major: a <c>float[]</c> (float32) or a <c>byte[]</c> (uint8), as <see cref="DType"/> says.</summary>
    public Array Data { get; }

    /// <summary>The shape, e.g. <c>[T, H, W, 3]</c>.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Float32 or Byte (uint8).</summary>
    public torch.ScalarType DType { get; }

    /// <summary>The elements as float32; an error naming the buffer when it holds uint8.</summary>
    public float[] Floats => Data as float[] ?? throw new InvalidOperationException($"Ground-truth buffer '{Name}' is {DType}, not Float32.");

    /// <summary>The elements as uint8; an error naming the buffer when it holds float32.</summary>
    public byte[] Bytes => Data as byte[] ?? throw new InvalidOperationException($"Ground-truth buffer '{Name}' is {DType}, not Byte.");

    /// <summary>A new tensor holding a copy of the buffer, with its shape and dtype, on <paramref name="device"/> (CPU when null).</summary>
    public torch.Tensor ToTensor(torch.Device? device = null)
    {
        var shape = Shape.ToArray();
        return Data switch
        {
            float[] f => torch.tensor(f, shape, device: device),
            byte[] b => torch.tensor(b, shape, device: device),
            _ => throw new InvalidOperationException($"Ground-truth buffer '{Name}' holds {Data.GetType().Name}."),
        };
    }
}
