/** How the compiler's time grows with the size of the program: a plain timed run, not JMH. */
package dev.gradc.bench.scaling;
