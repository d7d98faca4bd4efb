def log = new File(basedir, 'build.log').text
assert log.contains('gradc: generated code uses Java records and needs Java 16 or later, but this project compiles for Java 11 (release 11); set <maven.compiler.release>17</maven.compiler.release> in <properties>')
assert !log.contains('maven-compiler-plugin:3.13.0:compile')
assert !new File(basedir, 'target/generated-sources/gradc').exists()
