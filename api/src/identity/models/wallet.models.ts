import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('LinkedWallet', { description: 'A wallet address proven by a Sign-In with Ethereum signature; rewards can be claimed to it.' })
export class LinkedWalletModel {
  @Field({ description: 'Lowercase 0x address.' }) address: string;
  @Field(() => Int) chainId: number;
  @Field(() => GraphQLISODateTime) linkedAt: Date;
}
