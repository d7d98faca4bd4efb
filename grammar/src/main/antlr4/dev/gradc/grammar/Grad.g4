/*
 * The gradc language (see docs/language.md).
 * Visitor on, listener off; the parser is generated into target/ at build time.
 */
grammar Grad;

// The package (dev.gradc.grammar) comes from this file's folder; antlr4-maven-plugin adds it.

file
    : moduleDecl? function* EOF
    ;

moduleDecl
    : 'module' qualifiedName ';'
    ;

qualifiedName
    : ID ('.' ID)*
    ;

// A function with a body, or one bound to a Java method: `extern fn f(x: real) -> real = "pkg.Class.method";`.
function
    : annotation* (signature block | 'extern' signature '=' target=STRING ';')
    ;

signature
    : 'fn' name=ID sizeParams? '(' params? ')' '->' type
    ;

annotation
    : '@' name=ID ('(' (annotationArg (',' annotationArg)*)? ')')?
    ;

// Names (@grad(x, w)) or numbers (@checkpoint(64)); which are allowed where is checked after parsing.
annotationArg
    : ID
    | '-'? INT
    | '-'? NUMBER
    ;

sizeParams
    : '<' ID (',' ID)* '>'
    ;

params
    : param (',' param)*
    ;

param
    : name=ID ':' type
    ;

type
    : name=ID ('[' dim (',' dim)* ']')?
    ;

// A dimension: an integer literal, a size name, or an affine expression of them (N-1, 2*N+1, N+M).
dim
    : expr
    ;

block
    : '{' statement* '}'
    ;

statement
    : ID '=' expr ';'                                          # assign
    | ID op=('+=' | '-=' | '*=') expr ';'                      # compound
    | ID '[' subscript (',' subscript)* ']'
        op=('=' | '+=' | '-=' | '*=') expr ';'                 # update
    | annotation* 'while' '(' expr ')' block                   # while
    | annotation* 'for' ID 'in' expr '..' expr block           # for
    | ifStatement                                              # if
    | 'return' expr ';'                                        # return
    ;

// `else if` chains: an if statement standing where an else block would.
ifStatement
    : 'if' '(' expr ')' block ('else' (block | ifStatement))?
    ;

expr
    : <assoc=right> expr '^' expr                              # power
    | op=('-' | '+' | '!') expr                                # unary
    | expr op=('*' | '/' | '@') expr                           # multiplicative
    | expr op=('+' | '-') expr                                 # additive
    | expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') expr     # comparison
    | expr '&&' expr                                           # and
    | expr '||' expr                                           # or
    | primary                                                  # atom
    ;

primary
    : primary '[' subscript (',' subscript)* ']'               # index
    | ID arguments arguments?                                  # call
    | ID                                                       # name
    | NUMBER                                                   # number
    | INT                                                      # integer
    | value=('true' | 'false')                                 # boolean
    | '[' (expr (',' expr)*)? ']'                              # arrayLiteral
    | '(' expr ')'                                             # paren
    ;

// One position inside brackets: an index (or an int array, for a gather), or a slice a:b, :b, a: or :.
subscript
    : from=expr? ':' to=expr?                                  # slice
    | expr                                                     # at
    ;

// A call's arguments; a second list makes a derivative used as a value: grad(f, x)(args...).
arguments
    : '(' (expr (',' expr)*)? ')'
    ;

INT         : [0-9]+ ;
NUMBER      : [0-9]+ '.' [0-9]+ EXPONENT?
            | '.' [0-9]+ EXPONENT?
            | [0-9]+ EXPONENT
            ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;
ID          : [A-Za-z_] [A-Za-z0-9_]* ;
// The Java method an extern function binds: "pkg.Class.method" (no escapes, one line).
STRING      : '"' ~["\r\n]* '"' ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n\f]+ -> skip ;
// A '/*' that never closes: cannot run past a '*/', so it only wins where the comment is unterminated.
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;
ERROR_CHAR    : . ;
