namespace UnityVideo.Core.Native;

/// <summary>What this machine's CPU offers that changes how the model computes.</summary>
public static class CpuFeatures
{
    private static readonly Lazy<bool> Bf16 = new(() => HasBf16ProductsIn(ReadCpuInfo()));

    /// <summary>
    /// True when the CPU multiplies bfloat16 matrices in hardware (AVX-512 BF16 or AMX): there bf16 products run
    /// several times faster than fp32; elsewhere they are emulated and slower. Read from <c>/proc/cpuinfo</c>; false
    /// where that cannot be read.
    /// </summary>
    public static bool HasBf16Products => Bf16.Value;

    /// <summary>Whether a <c>/proc/cpuinfo</c> text lists <c>avx512_bf16</c> or <c>amx_bf16</c> among a processor's flags.</summary>
    public static bool HasBf16ProductsIn(string cpuInfo)
    {
        ArgumentNullException.ThrowIfNull(cpuInfo);
        foreach (var line in cpuInfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !line[..colon].Trim().Equals("flags", StringComparison.Ordinal)) continue;
            var flags = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return flags.Contains("avx512_bf16", StringComparer.Ordinal) || flags.Contains("amx_bf16", StringComparer.Ordinal);
        }
        return false;
    }

    private static string ReadCpuInfo()
    {
        try
        {
            return OperatingSystem.IsLinux() ? File.ReadAllText("/proc/cpuinfo") : "";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
