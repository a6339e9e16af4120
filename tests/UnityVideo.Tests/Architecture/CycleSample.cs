// Two namespaces that use each other — one through a field, one only inside a method body — so the checker's own
// test shows it finds a cycle that only the IL reveals.
namespace UnityVideo.Tests.Architecture.CycleSample.Upper
{
    internal sealed class Caller
    {
        public Lower.Callee? Field { get; set; }
    }
}

namespace UnityVideo.Tests.Architecture.CycleSample.Lower
{
    internal sealed class Callee
    {
        public static string Describe() => typeof(Upper.Caller).Name;
    }
}
